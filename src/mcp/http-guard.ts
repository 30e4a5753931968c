import type { RequestHandler } from 'express';
import { log } from '../log.js';
import { bearerAuth as serverBearerAuth } from '../server/bearer-auth.js';
import { hostAllowed } from '../server/host-allowlist.js';
import type { TokenFile } from '../server/identities.js';
import type { Refusals } from '../server/refusals.js';

export { allowedHostsFor, allowedOriginsFor, hostAllowed } from '../server/host-allowlist.js';

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
export function bearerAuth(refusals: Refusals, tokens: TokenFile | undefined): RequestHandler {
  return serverBearerAuth(refusals, tokens, {
    door: 'mcp',
    code: 'MCP.UNAUTHORIZED',
    hint: tokens
      ? 'Send Authorization: Bearer <token> with a token listed (as its sha256) in the MCP tokens file.'
      : 'MCP over HTTP needs a tokens file: set BLOCKOPS_MCP_TOKENS (see manifests/mcp/README.md).',
    refuse: (res, message) => res.json(rpcError(-32001, message)),
    limited: (res, message) => res.json(rpcError(-32000, message)),
  });
}

export function rpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
