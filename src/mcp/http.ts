import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Request, Response } from 'express';
import { log } from '../log.js';
import type { Mount, MountContext } from '../server/mount.js';
import { bodyErrors, jsonBody, jsonRpcShape } from './http-body.js';
import { bearerAuth, hostGuard, rpcError } from './http-guard.js';
import { SessionTable } from './http-sessions.js';
import { httpActor, type TokenEntry } from './identities.js';
import { buildMcpServer } from './server.js';

/**
 * MCP over Streamable HTTP at /mcp: stateful sessions (elicitation needs the client's answer to reach the same
 * server), each bound to the identity that opened it. Host/Origin are checked first, then the bearer token.
 */
export const mountMcpHttp: Mount = async (web, ctx) => {
  const tokens = ctx.tokens;
  if (tokens)
    await tokens.entries(); // a broken tokens file stops `serve` at once, with its reason
  else log.warn('MCP over HTTP refuses every client until BLOCKOPS_MCP_TOKENS names a tokens file');
  const sessions = new SessionTable(
    ctx.app.config.mcpSessionsPerIdentity,
    ctx.app.config.mcpSessionIdleMinutes * 60_000,
  );

  web.all(
    '/mcp',
    hostGuard(ctx.allowedHosts, ctx.allowedOrigins),
    bearerAuth(ctx.refusals, tokens),
    jsonBody,
    jsonRpcShape,
    (req: Request, res: Response) => {
      handle(ctx, sessions, req, res).catch((e: unknown) => {
        log.error({ err: e instanceof Error ? e.message : String(e) }, 'MCP HTTP request failed');
        if (!res.headersSent) res.status(500).json(rpcError(-32603, 'Internal error'));
      });
    },
    bodyErrors,
  );

  return {
    async close() {
      await sessions.closeAll();
    },
  };
};

async function handle(ctx: MountContext, sessions: SessionTable, req: Request, res: Response): Promise<void> {
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
    const counts = req.method !== 'GET';
    if (counts) s.busy++;
    res.on('close', () => {
      s.lastSeen = Date.now();
      if (counts) s.busy--;
    });
    await s.transport.handleRequest(req, res, req.body);
    return;
  }
  if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
    res.status(400).json(rpcError(-32000, 'Bad request: send initialize first, then the Mcp-Session-Id it returns.'));
    return;
  }
  const release = sessions.reserve(entry.identity);
  if (!release) {
    res
      .status(429)
      .json(
        rpcError(
          -32000,
          `Too many MCP sessions: ${entry.identity} has ${ctx.app.config.mcpSessionsPerIdentity} open and all are busy. ` +
            'End one (DELETE /mcp with its Mcp-Session-Id) or raise BLOCKOPS_MCP_SESSIONS_PER_IDENTITY.',
        ),
      );
    return;
  }
  try {
    await open(ctx, sessions, entry, release, req, res);
  } finally {
    release();
  }
}

async function open(
  ctx: MountContext,
  sessions: SessionTable,
  entry: TokenEntry,
  release: () => void,
  req: Request,
  res: Response,
): Promise<void> {
  const { server } = buildMcpServer(ctx.app, {
    actor: httpActor(entry),
    readOnly: entry.read_only,
    watcher: ctx.watcher,
    observe: (operation, outcome, seconds) => {
      ctx.metrics.operations.inc({ operation, via: 'mcp', outcome });
      ctx.metrics.duration.observe({ operation, via: 'mcp' }, seconds);
    },
  });
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      sessions.add(id, { transport, server, identity: entry.identity, lastSeen: Date.now(), busy: 0 });
      release();
    },
  });
  transport.onclose = () => {
    if (transport.sessionId) sessions.delete(transport.sessionId);
  };
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
}
