import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express, { type Request, type Response } from 'express';
import { log } from '../log.js';
import type { Mount, MountContext } from '../server/mount.js';
import { allowedHostsFor, allowedOriginsFor, bearerAuth, hostGuard, rpcError } from './http-guard.js';
import { httpActor, type TokenEntry } from './identities.js';
import { buildMcpServer } from './server.js';

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  identity: string;
  lastSeen: number;
}

const IDLE_MS = 60 * 60_000;

/**
 * MCP over Streamable HTTP at /mcp: stateful sessions (elicitation needs the client's answer to reach the same
 * server), each bound to the identity that opened it. Host/Origin are checked first, then the bearer token.
 */
export const mountMcpHttp: Mount = async (web, ctx) => {
  const tokens = ctx.tokens;
  if (tokens)
    await tokens.entries(); // a broken tokens file stops `serve` at once, with its reason
  else log.warn('MCP over HTTP refuses every client until BLOCKOPS_MCP_TOKENS names a tokens file');
  const hosts = allowedHostsFor(ctx.app.config.server, ctx.url);
  const origins = allowedOriginsFor(ctx.app.config.server, hosts);
  const sessions = new Map<string, Session>();

  web.all(
    '/mcp',
    hostGuard(hosts, origins),
    bearerAuth(ctx.app, ctx.metrics, tokens),
    express.json({ limit: '4mb' }),
    (req: Request, res: Response) => {
      handle(ctx, sessions, req, res).catch((e: unknown) => {
        log.error({ err: e instanceof Error ? e.message : String(e) }, 'MCP HTTP request failed');
        if (!res.headersSent) res.status(500).json(rpcError(-32603, 'Internal error'));
      });
    },
  );

  const sweep = setInterval(() => {
    for (const [id, s] of sessions) if (Date.now() - s.lastSeen > IDLE_MS) void closeSession(sessions, id, s);
  }, 60_000);
  sweep.unref();
  return {
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions].map(([id, s]) => closeSession(sessions, id, s)));
    },
  };
};

async function handle(ctx: MountContext, sessions: Map<string, Session>, req: Request, res: Response): Promise<void> {
  const entry = res.locals['identity'] as TokenEntry;
  const sid = req.get('mcp-session-id');
  if (sid) {
    const s = sessions.get(sid);
    // A session belongs to the identity that opened it; another token cannot ride on it.
    if (!s || s.identity !== entry.identity) {
      res.status(404).json(rpcError(-32001, 'Session not found: initialize a new session.'));
      return;
    }
    s.lastSeen = Date.now();
    res.on('close', () => {
      s.lastSeen = Date.now();
    });
    await s.transport.handleRequest(req, res, req.body);
    return;
  }
  if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
    res.status(400).json(rpcError(-32000, 'Bad request: send initialize first, then the Mcp-Session-Id it returns.'));
    return;
  }
  const { server } = buildMcpServer(ctx.app, {
    actor: httpActor(entry),
    readOnly: entry.read_only,
    observe: (operation, outcome, seconds) => {
      ctx.metrics.operations.inc({ operation, via: 'mcp', outcome });
      ctx.metrics.duration.observe({ operation, via: 'mcp' }, seconds);
    },
  });
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      sessions.set(id, { transport, server, identity: entry.identity, lastSeen: Date.now() });
    },
  });
  transport.onclose = () => {
    if (transport.sessionId) sessions.delete(transport.sessionId);
  };
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
}

async function closeSession(sessions: Map<string, Session>, id: string, s: Session): Promise<void> {
  sessions.delete(id);
  await s.server.close().catch(() => {});
}
