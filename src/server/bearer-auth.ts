import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { App } from '../app/app.js';
import type { ErrorCode } from '../core/errors/codes.js';
import type { FrontDoor } from '../core/people/actor.js';
import { log } from '../log.js';
import { findIdentity, type TokenEntry, type TokenFile } from './identities.js';
import type { Metrics } from './metrics.js';

export interface BearerDoor {
  /** The door, as metrics and the audit log name it. */
  door: Extract<FrontDoor, 'mcp' | 'api'>;
  /** The code the refusal is audited with. */
  code: ErrorCode;
  /** What to tell a client with no (or a wrong) token, after the reason. */
  hint: string;
  /** Writes the 401 body in the door's own format (JSON-RPC for MCP, the API's JSON error). */
  refuse(res: Response, message: string): void;
}

/**
 * Bearer tokens, configured per identity in the tokens file (hashes only). A missing or wrong token is refused with
 * 401, counted, and audited without any token material. The token never leaves this check; the identity it stands
 * for is left in res.locals.identity.
 */
export function bearerAuth(app: App, metrics: Metrics, tokens: TokenFile | undefined, d: BearerDoor): RequestHandler {
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
          'tokens file cannot be used; refusing every HTTP client',
        );
      }
    } else if (!tokens) reason = 'no tokens configured';
    if (entry) {
      res.locals['identity'] = entry;
      return next();
    }
    metrics.authFailures.inc({ door: d.door });
    await app.services.store.audit
      .append({
        event: 'refused',
        actor: { id: 'anonymous', via: d.door },
        operation: `${d.door}_auth`,
        error: { code: d.code, message: reason },
        details: { path: req.path, method: req.method, remote: req.socket.remoteAddress },
      })
      .catch((e: unknown) => log.error({ err: String(e) }, `could not audit a ${d.door} sign-in refusal`));
    const challenge = m ? 'Bearer realm="blockops", error="invalid_token"' : 'Bearer realm="blockops"';
    res.status(401).set('WWW-Authenticate', challenge);
    d.refuse(res, `Unauthorized: ${reason}. ${d.hint}`);
  };
}
