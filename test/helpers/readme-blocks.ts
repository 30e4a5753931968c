import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** The marker README puts on the line before each shell block that a test pastes. */
export const QUICKSTART_MARKER = '<!-- quickstart:';

/** The body of every ```sh block that directly follows a line starting with the marker, in order. */
export function markedShellBlocks(markdown: string, marker = QUICKSTART_MARKER): string[] {
  const blocks: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.startsWith(marker)) continue;
    if (!/^```(sh|bash|shell)\s*$/.test(lines[i + 1] ?? '')) {
      throw new Error(`line ${i + 1}: the quickstart marker must be followed by a \`\`\`sh block`);
    }
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`line ${i + 2}: the shell block is not closed`);
    blocks.push(lines.slice(i + 2, end).join('\n'));
  }
  return blocks;
}

/**
 * Splits a shell block into the commands a person pastes one at a time: a line continues onto the next after a
 * trailing `\`, `|`, `&&` or `||`, and a here-document runs to its terminator.
 */
export function shellCommands(block: string): string[] {
  const commands: string[] = [];
  let current: string[] = [];
  let heredocEnd: string | undefined;
  for (const line of block.split('\n')) {
    if (!current.length && !line.trim()) continue;
    current.push(line);
    if (heredocEnd !== undefined) {
      if (line === heredocEnd) heredocEnd = undefined;
      else continue;
    } else {
      const heredoc = line.match(/<<-?\s*['"]?([A-Za-z_]+)['"]?/);
      if (heredoc) {
        heredocEnd = heredoc[1];
        continue;
      }
    }
    const code = line.replace(/\s+#.*$/, '').trimEnd();
    if (/(\\|\||&&)$/.test(code)) continue;
    commands.push(current.join('\n'));
    current = [];
  }
  if (current.length || heredocEnd !== undefined) throw new Error(`unfinished command: ${current.join('\n')}`);
  return commands;
}

export interface PastedCommand {
  command: string;
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * One bash, fed one command at a time the way a terminal is: variables, `cd`, background jobs (`%1`) carry over.
 * Each command's exit status and output are collected before the next is sent.
 */
export class PastingShell {
  private readonly bash: ChildProcessWithoutNullStreams;
  private stdout = '';
  private stderr = '';
  private waiting: (() => void) | undefined;
  private sent = 0;

  constructor(opts: { cwd: string; env: Record<string, string> }) {
    // Its own process group, so that closing it also ends whatever it left running.
    this.bash = spawn('bash', ['--noprofile', '--norc'], { cwd: opts.cwd, env: opts.env, detached: true });
    this.bash.stdout.on('data', (d: Buffer) => {
      this.stdout += d;
      this.waiting?.();
    });
    this.bash.stderr.on('data', (d: Buffer) => {
      this.stderr += d;
    });
  }

  /** Runs one command; rejects if it does not finish within the time. */
  async paste(command: string, timeoutMs = 240_000): Promise<PastedCommand> {
    const mark = `__pasted_${++this.sent}_status=`;
    this.stdout = '';
    this.stderr = '';
    this.bash.stdin.write(`${command}\nprintf '\\n%s%d\\n' '${mark}' "$?"\n`);
    const done = new RegExp(`\\n${mark}(\\d+)\\n`);
    const status = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`still running after ${timeoutMs} ms: ${command}\n${this.stdout}\n${this.stderr}`));
      }, timeoutMs);
      const check = () => {
        const m = this.stdout.match(done);
        if (!m) return;
        clearTimeout(timer);
        this.waiting = undefined;
        resolve(Number(m[1]));
      };
      this.waiting = check;
      check();
    });
    // Let the command's last stderr lines arrive before they are read.
    await new Promise((r) => setTimeout(r, 50));
    return { command, status, stdout: this.stdout.replace(done, '\n'), stderr: this.stderr };
  }

  /** Ends the shell and whatever it left running. */
  async close(): Promise<void> {
    if (this.bash.stdout.closed) return;
    const closed = new Promise((r) => this.bash.once('close', r));
    this.bash.stdin.end('exit\n');
    const timer = setTimeout(() => {
      try {
        process.kill(-(this.bash.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5_000);
    await closed;
    clearTimeout(timer);
  }
}
