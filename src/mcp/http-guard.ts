import type { RequestHandler } from 'express';
import type { App } from '../app/app.js';
import type { ServerSettings } from '../config/index.js';
import { log } from '../log.js';
import { bearerAuth as serverBearerAuth } from '../server/bearer-auth.js';
import type { TokenFile } from '../server/identities.js';
import type { Metrics } from '../server/metrics.js';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** Host values we answer to. Default: the loopback host:port this server listens on. */
export function allowedHostsFor(settings: ServerSettings, url: string): string[] {
  if (settings.allowedHosts.length) return settings.allowedHosts.map((h) => h.toLowerCase());
  const u = new URL(url);
  const names = LOOPBACK.includes(u.hostname) || u.hostname === '::1' ? LOOPBACK : [u.hostname];
  return names.map((n) => `${n}:${u.port}`);
}

export function allowedOriginsFor(settings: ServerSettings, hosts: string[]): string[] {
  if (settings.allowedOrigins.length) return settings.allowedOrigins.map((o) => new URL(o).origin);
  return hosts.flatMap((h) => [`http://${h}`, `https://${h}`]);
}

/** An entry with a port must match exactly; one without a port allows any port on that host name. */
export function hostAllowed(host: string | undefined, allowed: string[]): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return allowed.some((a) => a === h || a === name);
}

/** DNS-rebinding protection: a page on another site must not reach this server through the browser. */
export function hostGuard(hosts: string[], origins: string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    const bad = !hostAllowed(req.get('host'), hosts) ? 'Host' : origin && !origins.includes(origin) ? 'Origin' : '';
    if (!bad) return next();
    log.warn({ host: req.get('host'), origin }, `MCP request refused: ${bad} not allowed`);
    res
      .status(403)
      .json(rpcError(-32000, `${bad} header not allowed. Add it to server.allowed_hosts/allowed_origins.`));
  };
}

/** The server's bearer check (see server/bearer-auth.ts), answering in JSON-RPC. */
export function bearerAuth(app: App, metrics: Metrics, tokens: TokenFile | undefined): RequestHandler {
  return serverBearerAuth(app, metrics, tokens, {
    door: 'mcp',
    code: 'MCP.UNAUTHORIZED',
    hint: tokens
      ? 'Send Authorization: Bearer <token> with a token listed (as its sha256) in the MCP tokens file.'
      : 'MCP over HTTP needs a tokens file: set BLOCKOPS_MCP_TOKENS (see manifests/mcp/README.md).',
    refuse: (res, message) => res.json(rpcError(-32001, message)),
  });
}

export function rpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
