import { ZodError } from 'zod';
import { ApiError } from '../../clients/api-error.js';
import { apiFailureCode, apiFailureKind, CLIENT_CODES } from './codes.js';
import { OpsError } from './ops-error.js';

const ADVICE: Record<string, string> = {
  UNREACHABLE:
    'Check that the service is up and that the endpoint in the catalog or configuration is right (blockops doctor).',
  UNAUTHORIZED: 'Check the credentials blockops uses (blockops doctor).',
  FORBIDDEN: 'The account blockops uses lacks the role for this; ask a cloud admin.',
  SERVER_ERROR: 'The service failed; quote the request id to its operators.',
};

/** Every failure leaves the core as an OpsError with a stable code; API errors keep their request id. */
export function toOpsError(e: unknown): OpsError {
  if (e instanceof OpsError) return e;
  if (e instanceof ApiError) {
    const code = apiFailureCode(e.service, e.status);
    const kind = apiFailureKind(code) ?? '';
    const said = (
      e.serviceMessage ??
      (e.status ? `HTTP ${e.status}` : e.message.split(': ').slice(-1)[0]) ??
      ''
    ).replace(/\.\s*$/, '');
    const id = e.requestId ? `, request id ${e.requestId}` : '';
    const advice = ADVICE[kind] ? ` ${ADVICE[kind]}` : '';
    return new OpsError(
      code,
      `${e.service} answered ${e.method} ${pathOf(e.url)} with ${e.status || 'no answer'}: ${said}${id}.${advice}`,
      { cause: e, details: { service: e.service, status: e.status, request_id: e.requestId } },
    );
  }
  if (isDatabaseBusy(e)) {
    return new OpsError(
      'STORE.BUSY',
      'The database stayed locked by other blockops processes for longer than this one waits; this step changed ' +
        'nothing. Try again; if it keeps happening, fewer processes should share one SQLite file (or use PostgreSQL).',
      { cause: e },
    );
  }
  if (isClientError(e)) return new OpsError(CLIENT_CODES[e.code], e.message, { cause: e, details: e.details });
  if (e instanceof ZodError) {
    return new OpsError('VALIDATION.FAILED', describeZodError(e), { cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new OpsError('INTERNAL', `Unexpected failure: ${message}`, { cause: e });
}

/**
 * The clients' non-HTTP failures (ambiguous name, wait timed out, cloud too old) carry one of a known set of codes;
 * Node's own errors (ENOENT, ECONNRESET…) also carry an upper-case code and must stay unexpected failures.
 */
function isClientError(
  e: unknown,
): e is Error & { code: keyof typeof CLIENT_CODES; details?: Record<string, unknown> } {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && Object.hasOwn(CLIENT_CODES, code);
}

/** SQLite's "another connection holds the lock" (SQLITE_BUSY and its extended codes, SQLITE_LOCKED). */
function isDatabaseBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

export function describeZodError(e: ZodError): string {
  return e.issues
    .map((i) => {
      const missing = i.code === 'invalid_type' && /received undefined$/.test(i.message);
      return `${i.path.join('.') || 'input'}: ${missing ? 'is required' : i.message}`;
    })
    .join('; ');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
