import { type Command, Option } from 'commander';
import type { App } from '../app/app.js';

/** `blockops serve`: the long-running process (MCP over HTTP, Slack, health and metrics) until SIGINT/SIGTERM. */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .summary("Serve MCP (Streamable HTTP), the CLI's HTTP API, the Slack app, /healthz, /readyz and /metrics")
    .addOption(new Option('--port <n>', 'port to listen on (default 3000, or PORT)'))
    .addOption(new Option('--host <address>', 'address to listen on (default 127.0.0.1, or BLOCKOPS_HOST)'))
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals() as Record<string, string | undefined>;
      let app: App | undefined;
      const [{ printError }, { serveBanner }, { stringFlags }] = await Promise.all([
        import('./output.js'),
        import('./serve-banner.js'),
        import('./with-app.js'),
      ]);
      try {
        const [{ loadConfig }, { createApp }] = await Promise.all([
          import('../config/index.js'),
          import('../app/app.js'),
        ]);
        const config = await loadConfig({ flags: stringFlags(flags) });
        app = await createApp(config, { cloudOptions: { shareAs: 'blockops serve' } });
        await app.cloud(); // connect (or start the emulator) now, so its notice comes before "listening"
        // Loaded here, not at start-up: the Slack and HTTP machinery would slow every other command.
        const [{ serve }, { mountMcpHttp }, { mountSlack }, { mountHttpApi }] = await Promise.all([
          import('../server/serve.js'),
          import('../mcp/http.js'),
          import('../slack/mount.js'),
          import('../api/mount.js'),
        ]);
        const server = await serve(app, {
          host: config.server.host,
          port: config.server.port,
          mounts: [mountMcpHttp, mountHttpApi, mountSlack],
        });
        process.stderr.write(
          `blockops serve: listening on ${server.url} (MCP at ${server.url}/mcp, the CLI's API at ${server.url}/api/v1, ` +
            `health at ${server.url}/healthz)\n`,
        );
        process.stderr.write(serveBanner(server.url, config, await app.cloudHandle()));
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
      } catch (e) {
        process.exitCode = printError(e, false);
      } finally {
        await app?.close();
      }
      // A job still running after the shutdown grace must not go on against a closed store: the process ends, and
      // the next start's recovery fails that job with its leftovers (only something left over keeps this timer alive).
      setTimeout(() => process.exit(), 1_000).unref();
    });
}
