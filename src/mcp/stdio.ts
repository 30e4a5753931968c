import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { App } from '../app/app.js';
import type { Actor } from '../core/people/actor.js';
import { HeldTransport } from './held-transport.js';
import { newMcpServer } from './server-info.js';

/**
 * `blockops mcp`: one session over stdin/stdout until the client closes stdin or a signal arrives.
 * stdout carries JSON-RPC and nothing else: notices and logs go to stderr. Initialize is answered first; `open`
 * (the configuration and the app) and the tools load meanwhile, and the client's other requests wait for them.
 */
export async function runStdio(
  open: () => Promise<{ app: App; actor: Actor }>,
  notice: (line: string) => void,
): Promise<void> {
  // A stray console.log anywhere would corrupt the protocol stream.
  console.log = console.error;
  console.info = console.error;
  const server = newMcpServer({ subscribe: false });
  const transport = new HeldTransport(new StdioServerTransport());
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(transport);
  let app: App | undefined;
  try {
    // A signal or a closed stdin while the app opens ends it too, instead of waiting for the open to finish.
    const loading = Promise.all([open(), import('./server.js')]).catch(async (e: unknown) => {
      await transport.fail(`blockops mcp could not start: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    });
    const loaded = await Promise.race([loading, closed.then(() => undefined)]);
    if (!loaded) {
      loading.then(
        ([o]) => o.app.close(),
        () => {},
      );
      return;
    }
    const [opened, { addSession }] = loaded;
    app = opened.app;
    const session = addSession(server, app, { actor: opened.actor });
    transport.release();
    notice(
      `blockops mcp: serving ${opened.actor.id} (via mcp) on stdio${session.readOnly ? ', read-only' : ''}` +
        (app.config.openstack
          ? '.'
          : '; no cloud configured, so tools run on the built-in emulator (started on first use).'),
    );
    await closed;
  } finally {
    await server.close().catch(() => {});
    await app?.close();
  }
}
