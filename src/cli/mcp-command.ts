import { type Command, Option } from 'commander';

/** `blockops mcp`: the MCP server on stdio, for assistants that start blockops themselves. */
export function addMcpCommand(program: Command): void {
  program
    .command('mcp')
    .summary('Serve MCP on stdio (for Claude Desktop, Claude Code, VS Code, Cursor…)')
    .description(
      'Serves the blockops tools, prompts and resources over MCP on stdin/stdout. The caller is the identity ' +
        'BLOCKOPS_MCP_IDENTITY (default mcp:<login name>); policy decides what it may do. With no cloud configured ' +
        'the tools run on the built-in emulator. Over HTTP, use `blockops serve` (MCP at /mcp).',
    )
    .addOption(new Option('--identity <name>', 'the MCP identity to act as (like BLOCKOPS_MCP_IDENTITY)'))
    .addOption(new Option('--read-only', 'offer only the tools that read (like BLOCKOPS_READ_ONLY=true)'))
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as Record<string, string | boolean | undefined>;
      const notice = (line: string) => process.stderr.write(`${line}\n`);
      try {
        // Loaded here, not at start-up: other verbs never pay for the MCP machinery. The app loads while the
        // server answers initialize.
        const { runStdio } = await import('../mcp/stdio.js');
        await runStdio(async () => {
          const [{ loadConfig }, { createApp }, { stdioActor }, { stringFlags }] = await Promise.all([
            import('../config/index.js'),
            import('../app/app.js'),
            import('../mcp/identities.js'),
            import('./with-app.js'),
          ]);
          const config = await loadConfig({
            flags: { ...stringFlags(flags), 'read-only': flags['readOnly'] },
          });
          const app = await createApp(config, { notice, cloudOptions: { shareAs: 'blockops mcp' } });
          return { app, actor: stdioActor(process.env, flags['identity'] as string | undefined) };
        }, notice);
      } catch (e) {
        const { printError } = await import('./output.js');
        process.exitCode = printError(e, false);
      }
    });
}
