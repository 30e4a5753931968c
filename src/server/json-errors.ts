import type { ErrorRequestHandler, RequestHandler } from 'express';
import { log } from '../log.js';
import { hostAllowed } from './host-allowlist.js';

/** The HTTP status an error carries when it is the client's fault (body-parser's, http-errors'), else undefined. */
export function clientErrorStatus(err: unknown): number | undefined {
  const e = err as { status?: unknown; statusCode?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 0;
  return status >= 400 && status < 500 ? status : undefined;
}

/**
 * The last handler of the server: any error no door answered becomes a short JSON answer. Never Express's HTML
 * page, which shows the stack and this machine's paths; the log gets the message, not the stack.
 */
export const jsonErrors: ErrorRequestHandler = (err, req, res, _next) => {
  const status = clientErrorStatus(err);
  const message = err instanceof Error ? err.message : String(err);
  if (status) log.warn({ path: req.path, status, err: message }, 'HTTP request refused');
  else log.error({ path: req.path, err: message }, 'HTTP request failed');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(status ?? 500)
    .json(status ? { error: `bad request: ${message}` } : { error: 'internal error; the server log has the details' });
};

/**
 * /metrics and /readyz answer only to an allowed Host, as MCP does: they show internal state (operation counts,
 * why the store or Keystone is not ready) that a page using DNS rebinding must not read.
 */
export function hostOnly(hosts: () => string[]): RequestHandler {
  return (req, res, next) => {
    if (hostAllowed(req.get('host'), hosts())) return next();
    res
      .status(403)
      .json({ error: 'Host header not allowed. Add it to server.allowed_hosts (BLOCKOPS_ALLOWED_HOSTS).' });
  };
}
