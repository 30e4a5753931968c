import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { App } from '../app/app.js';
import type { Actor } from '../core/people/actor.js';
import { buildMcpServer } from './server.js';

/**
 * `blockops mcp`: one session over stdin/stdout until the client closes stdin or a signal arrives.
 * stdout carries JSON-RPC and nothing else: notices and logs go to stderr.
 */
export async function runStdio(app: App, actor: Actor, notice: (line: string) => void): Promise<void> {
  // A stray console.log anywhere would corrupt the protocol stream.
  console.log = console.error;
  console.info = console.error;
  const { server, session } = buildMcpServer(app, { actor });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(transport);
  notice(
    `blockops mcp: serving ${actor.id} (via mcp) on stdio${session.readOnly ? ', read-only' : ''}` +
      (app.config.openstack
        ? '.'
        : '; no cloud configured, so tools run on the built-in emulator (started on first use).'),
  );
  await closed;
  await server.close().catch(() => {});
}
