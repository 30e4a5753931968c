import { apiFailureKind } from '../errors/codes.js';
import { toOpsError } from '../errors/to-ops-error.js';
import type { CheckError } from './schema.js';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: CheckError };

/** Per check, so one hung service cannot hold the whole answer: on-call staff want it in seconds. */
export const CHECK_TIMEOUT_MS = 15_000;

/**
 * Runs one check and captures its failure as data, so one failing service does not hide the others.
 * A check that has not answered within timeoutMs is reported as such (its request is left to finish on its own).
 */
export async function settle<T>(
  check: string,
  run: () => Promise<T>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => {
      const message = `${check}: no answer within ${Math.round(timeoutMs / 1000)} s; the service may be hung or overloaded.`;
      resolve({ ok: false, error: { check, code: 'CHECK.TIMEOUT', message } });
    }, timeoutMs);
  });
  const attempt = run().then(
    (value): Settled<T> => ({ ok: true, value }),
    (e: unknown): Settled<T> => {
      const err = toOpsError(e);
      return { ok: false, error: { check, code: err.code, message: err.message } };
    },
  );
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** No answer at all (refused, timed out, 5xx): the service is down, not merely refusing blockops. */
export function isUnreachable(e: CheckError): boolean {
  const kind = apiFailureKind(e.code);
  return kind === 'UNREACHABLE' || kind === 'SERVER_ERROR' || e.code === 'CHECK.TIMEOUT';
}
