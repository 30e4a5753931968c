import { Argument, type Command } from 'commander';

/** `blockops completion bash|zsh`: a completion script for the commands and flags this program has. */
export function addCompletionCommand(program: Command): void {
  program
    .command('completion')
    .summary('Print a shell completion script (bash or zsh)')
    .description(
      'Prints a completion script for every command and flag. Load it with\n' +
        '  source <(blockops completion bash)       # in ~/.bashrc\n' +
        '  source <(blockops completion zsh)        # in ~/.zshrc',
    )
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .action((shell: 'bash' | 'zsh') => {
      process.stdout.write(shell === 'zsh' ? zshScript(program) : bashScript(program));
    });
}

function flagsOf(cmd: Command): string[] {
  return [...cmd.options.filter((o) => !o.hidden).flatMap((o) => [o.long, o.short]), '--help'].filter(
    (f): f is string => Boolean(f),
  );
}

function bashScript(program: Command): string {
  const top = [...program.commands.map((c) => c.name()), ...flagsOf(program)];
  const cases = program.commands.map((c) => {
    const words = [...c.commands.map((s) => s.name()), ...flagsOf(c)];
    return `    ${c.name()}) words="${words.join(' ')}" ;;`;
  });
  return `# blockops completion for bash: source <(blockops completion bash)
_blockops() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words cmd="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  case "$cmd" in
    "") words="${top.join(' ')}" ;;
${cases.join('\n')}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _blockops blockops
`;
}

function zshScript(program: Command): string {
  return `#compdef blockops
# blockops completion for zsh: source <(blockops completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(program).split('\n').slice(1).join('\n')}`;
}
