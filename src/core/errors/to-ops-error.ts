import { ZodError } from 'zod';
import { ApiError } from '../../clients/api-error.js';
import { OpsError } from './ops-error.js';

const STATUS_CODES: Record<number, string> = {
  0: 'UNREACHABLE',
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'OVER_LIMIT',
  429: 'RATE_LIMITED',
};

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
    const kind = STATUS_CODES[e.status] ?? (e.status >= 500 ? 'SERVER_ERROR' : `HTTP_${e.status}`);
    const said = (
      e.serviceMessage ??
      (e.status ? `HTTP ${e.status}` : e.message.split(': ').slice(-1)[0]) ??
      ''
    ).replace(/\.\s*$/, '');
    const id = e.requestId ? `, request id ${e.requestId}` : '';
    const advice = ADVICE[kind] ? ` ${ADVICE[kind]}` : '';
    return new OpsError(
      `${e.service.toUpperCase()}.${kind}`,
      `${e.service} answered ${e.method} ${pathOf(e.url)} with ${e.status || 'no answer'}: ${said}${id}.${advice}`,
      { cause: e, details: { service: e.service, status: e.status, request_id: e.requestId } },
    );
  }
  if (isCodedClientError(e)) {
    return new OpsError(`${e.code.startsWith('AMBIGUOUS') ? 'NAME' : 'CLOUD'}.${e.code}`, e.message, {
      cause: e,
      details: e.details,
    });
  }
  if (e instanceof ZodError) {
    return new OpsError('VALIDATION.FAILED', describeZodError(e), { cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new OpsError('INTERNAL', `Unexpected failure: ${message}`, { cause: e });
}

/** The clients' non-HTTP failures (ambiguous name, wait timed out, cloud too old): an Error with a stable code. */
function isCodedClientError(e: unknown): e is Error & { code: string; details?: Record<string, unknown> } {
  return (
    e instanceof Error &&
    typeof (e as { code?: unknown }).code === 'string' &&
    /^[A-Z_]+$/.test((e as unknown as { code: string }).code)
  );
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
