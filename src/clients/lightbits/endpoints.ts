import type { AxiosError } from 'axios';
import type { ApiError } from '../api-error.js';

/**
 * Endpoints come as the Cinder driver's `lightos_api_address` entries (`host:port`, `[v6]:port`, bare `host`),
 * for which HTTPS is assumed as in the driver, or as full `http(s)://host:port` URLs (the emulator serves HTTP).
 */
export function normalizeEndpoint(endpoint: string): string {
  const e = endpoint.trim().replace(/\/+$/, '');
  if (!e) throw new Error('a Lightbits API endpoint is empty; give host:port or an http(s):// URL');
  if (/^https?:\/\//i.test(e)) return e;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e)) {
    throw new Error(`Lightbits API endpoint ${e} must use http:// or https://`);
  }
  return `https://${e}`;
}

/** Codes that mean the request never reached a server: safe to send again elsewhere, whatever the method. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);
/** Answers that say "this API server cannot help now" rather than "the cluster says no". */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export type Verdict = { next: true; why: string } | { next: false };

/**
 * Whether to try the next endpoint. Like the Cinder driver, a server that does not answer is skipped; like
 * Lightbits' own Proxmox plugin (t/api_failover.t), a 5xx is retried elsewhere only for reads, because a
 * mutation may already be committed when a 5xx comes back. 4xx answers are the cluster's word: every endpoint
 * shares the same state, so 400/401/403/404/409/412 stop the walk.
 */
export function verdictFor(err: ApiError, method: string): Verdict {
  const read = method === 'GET' || method === 'HEAD';
  if (err.status === 0) {
    const code = causeCode(err);
    if (NOT_SENT.has(code) || isTlsFailure(code) || read) return { next: true, why: describeNoAnswer(code) };
    return { next: false };
  }
  if (RETRYABLE_STATUS.has(err.status) && read) return { next: true, why: `HTTP ${err.status}` };
  return { next: false };
}

export function causeCode(err: ApiError): string {
  const cause = err.cause as AxiosError | undefined;
  return cause?.code ?? 'ERR_UNKNOWN';
}

/** Certificate checks fail during the handshake, before any request is sent. */
function isTlsFailure(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}

export function describeNoAnswer(code: string): string {
  if (isTlsFailure(code)) {
    return `TLS certificate not trusted (${code}): give the cluster's CA file, or allow insecure TLS for a test cluster`;
  }
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'timed out';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not resolved';
  if (code === 'ECONNRESET') return 'connection reset';
  return `no answer (${code})`;
}

/**
 * The ApiError callers see: same fields, no axios cause (whose config carries the Authorization header, so
 * the JWT could reach a log that serializes causes).
 */
export function withoutCause(err: ApiError): ApiError {
  return err.withMessage(err.status === 0 ? describeNoAnswer(causeCode(err)) : undefined);
}
