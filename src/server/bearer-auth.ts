import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorCode } from '../core/errors/codes.js';
import type { FrontDoor } from '../core/people/actor.js';
import { log } from '../log.js';
import { findIdentity, type TokenEntry, type TokenFile } from './identities.js';
import type { Refusals } from './refusals.js';

export interface BearerDoor {
  /** The door, as metrics and the audit log name it. */
  door: Extract<FrontDoor, 'mcp' | 'api'>;
  /** The code the refusal is audited with. */
  code: ErrorCode;
  /** What to tell a client with no (or a wrong) token, after the reason. */
  hint: string;
  /** Writes the 401 body in the door's own format (JSON-RPC for MCP, the API's JSON error). */
  refuse(res: Response, message: string): void;
  /** Writes the 429 body, where the door tells "slow down" apart from "unauthorized" (default: refuse). */
  limited?(res: Response, message: string): void;
}

/**
 * Bearer tokens, configured per identity in the tokens file (hashes only). A missing or wrong token is refused with
 * 401 (429 once its address has sent too many), counted, and audited (aggregated per address) without any token
 * material. The token never leaves this check; the identity it stands
 * for is left in res.locals.identity.
 */
export function bearerAuth(refusals: Refusals, tokens: TokenFile | undefined, d: BearerDoor): RequestHandler {
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
    const refusal = refusals.refuse(req, { door: d.door, code: d.code, reason });
    if (refusal.limited) {
      res.status(429).set('Retry-After', String(refusal.retryAfterSeconds));
      (d.limited ?? d.refuse)(
        res,
        `Too many requests without a valid token from this address: retry after ${refusal.retryAfterSeconds} s.`,
      );
      return;
    }
    const challenge = m ? 'Bearer realm="blockops", error="invalid_token"' : 'Bearer realm="blockops"';
    res.status(401).set('WWW-Authenticate', challenge);
    d.refuse(res, `Unauthorized: ${reason}. ${d.hint}`);
  };
}
