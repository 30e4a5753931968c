import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { App } from '../app/app.js';
import type { Actor } from '../core/people/actor.js';

/** Everything one MCP connection's handlers need: who is calling, in which mode, through which server. */
export interface McpSession {
  app: App;
  actor: Actor;
  /** Only tools whose effect is `read` (BLOCKOPS_READ_ONLY, or the identity's read_only). */
  readOnly: boolean;
  server: McpServer;
  /** Called after every tool call (HTTP: Prometheus metrics). */
  observe?: ((operation: string, outcome: Outcome, seconds: number) => void) | undefined;
}

export type Outcome = 'succeeded' | 'pending_approval' | 'refused' | 'failed';
