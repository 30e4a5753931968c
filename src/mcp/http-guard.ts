import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { log } from '../log.js';
import { hostAllowed } from '../server/host-allowlist.js';
import type { Refusals } from '../server/refusals.js';
import { findIdentity, type TokenEntry, type TokenFile } from './identities.js';

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

/**
 * Bearer tokens, configured per identity in BLOCKOPS_MCP_TOKENS (hashes only). A missing or wrong token is
 * refused with 401 (429 once its address has sent too many), counted, and audited (aggregated per address) without
 * any token material. The token never leaves this check.
 */
export function bearerAuth(refusals: Refusals, tokens: TokenFile | undefined): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(req.get('authorization') ?? '');
    let entry: TokenEntry | undefined;
    let reason = m ? 'unknown bearer token' : 'no bearer token';
    if (m?.[1] && tokens) {
      try {
        entry = findIdentity(await tokens.entries(), m[1]);
      } catch (e) {
        reason = 'token file unusable';
        log.error(
          { err: e instanceof Error ? e.message : String(e) },
          'MCP tokens file cannot be used; refusing every client',
        );
      }
    } else if (!tokens) reason = 'no MCP tokens configured';
    if (entry) {
      res.locals['identity'] = entry;
      return next();
    }
    const refusal = refusals.refuse(req, { door: 'mcp', code: 'MCP.UNAUTHORIZED', reason });
    if (refusal.limited) {
      res
        .status(429)
        .set('Retry-After', String(refusal.retryAfterSeconds))
        .json(
          rpcError(
            -32000,
            `Too many requests without a valid token from this address: retry after ${refusal.retryAfterSeconds} s.`,
          ),
        );
      return;
    }
    const challenge = m ? 'Bearer realm="blockops", error="invalid_token"' : 'Bearer realm="blockops"';
    const hint = tokens
      ? 'Send Authorization: Bearer <token> with a token listed (as its sha256) in the MCP tokens file.'
      : 'MCP over HTTP needs a tokens file: set BLOCKOPS_MCP_TOKENS (see manifests/mcp/README.md).';
    res
      .status(401)
      .set('WWW-Authenticate', challenge)
      .json(rpcError(-32001, `Unauthorized: ${reason}. ${hint}`));
  };
}

export function rpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null };
}
