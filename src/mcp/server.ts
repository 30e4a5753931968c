import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { App } from '../app/app.js';
import type { OncallWatcher } from '../app/oncall-watcher.js';
import type { Actor } from '../core/people/actor.js';
import { registerIncidentSubscriptions } from './incident-subscriptions.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { newMcpServer } from './server-info.js';
import type { McpSession } from './session.js';
import { registerTools } from './tools.js';

export interface SessionOptions {
  actor: Actor;
  /** Read-only for this session (BLOCKOPS_READ_ONLY is added to it). */
  readOnly?: boolean;
  observe?: McpSession['observe'];
  /** Where incidents come from (blockops serve's watcher): given, the incident resources can be subscribed to. */
  watcher?: OncallWatcher | undefined;
}

/** One MCP server for one actor: the tools, prompts and resources that actor may use. */
export function buildMcpServer(app: App, opts: SessionOptions): { server: McpServer; session: McpSession } {
  const server = newMcpServer({ subscribe: opts.watcher !== undefined });
  return { server, session: addSession(server, app, opts) };
}

/** Registers on a server (from newMcpServer) the tools, prompts and resources the session's actor may use. */
export function addSession(server: McpServer, app: App, opts: SessionOptions): McpSession {
  const session: McpSession = {
    app,
    actor: opts.actor,
    readOnly: app.config.readOnly || opts.readOnly === true,
    server,
    observe: opts.observe,
  };
  registerTools(session);
  registerPrompts(server);
  registerResources(session);
  if (opts.watcher) {
    const stop = registerIncidentSubscriptions(session, opts.watcher);
    const closed = server.server.onclose;
    server.server.onclose = () => {
      stop();
      closed?.();
    };
  }
  return session;
}
