import { exponentialDelay } from 'axios-retry';
import { ApiError } from '../api-error.js';
import { openstackError } from './client-error.js';

export interface WaitOptions<T> {
  status: (t: T) => string;
  target: string[];
  failures: string[];
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  /** Called when the status changes (and for the first one). */
  onStatus?: (status: string, t: T) => void;
  /** Names the resource in errors, e.g. `volume 05d9… (cap-clone)`. */
  resource?: string;
  /** Extra words for a failure; by default a server's `fault.message`. */
  detail?: (t: T) => string | undefined;
}

export interface WaitResult<T> {
  resource: T;
  /** Every status seen, in order, repeats collapsed (e.g. creating → downloading → available). */
  statuses: string[];
}

const faultMessage = (t: unknown): string | undefined => {
  const m = (t as { fault?: { message?: unknown } } | null)?.fault?.message;
  return typeof m === 'string' && m ? m : undefined;
};

/** The longest pause between polls that failed in a row, however many did. */
const MAX_BACKOFF_MS = 30_000;

/**
 * A poll that may succeed if asked again: no answer, 429 or 5xx. The HTTP layer already retried it a few times;
 * a longer outage must not end a wait whose resource is fine, nor make a caller delete it.
 */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 429 || err.status >= 500);
}

/**
 * Polls fetch until the status is a target (returned) or a failure, the timeout, or the signal (thrown). A poll
 * that fails transiently is asked again with exponential back-off until the deadline; any other failure ends it.
 */
export async function waitFor<T>(fetch: () => Promise<T>, opts: WaitOptions<T>): Promise<WaitResult<T>> {
  const name = opts.resource ?? 'the resource';
  const is = (list: string[], s: string) => list.some((x) => x.toLowerCase() === s.toLowerCase());
  const statuses: string[] = [];
  const seen = () => statuses.join(' → ');
  const deadline = Date.now() + opts.timeoutMs;
  let failedInARow = 0;
  for (;;) {
    if (opts.signal?.aborted) {
      throw openstackError('WAIT_ABORTED', `Stopped waiting for ${name}; last status: ${statuses.at(-1) ?? 'none'}.`, {
        resource: name,
        statuses,
      });
    }
    let t: T;
    try {
      t = await fetch();
      failedInARow = 0;
    } catch (err) {
      if (!isTransient(err)) throw err;
      failedInARow += 1;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw openstackError(
          'WAIT_TIMEOUT',
          `Timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${name} to become ${opts.target.join(' or ')}; ` +
            `the last ${failedInARow} poll(s) failed: ${(err as Error).message.replace(/\.\s*$/, '')}. Check the service, or wait longer.`,
          { resource: name, statuses, failed_polls: failedInARow },
          err,
        );
      }
      const backoff = Math.min(exponentialDelay(failedInARow, undefined, opts.intervalMs), MAX_BACKOFF_MS);
      await sleep(Math.min(backoff, remaining), opts.signal);
      continue;
    }
    const s = opts.status(t);
    if (statuses.at(-1) !== s) {
      statuses.push(s);
      opts.onStatus?.(s, t);
    }
    if (is(opts.target, s)) return { resource: t, statuses };
    if (is(opts.failures, s)) {
      const detail = (opts.detail ?? faultMessage)(t);
      throw openstackError('WAIT_FAILED', `${name} went to ${s} (statuses: ${seen()})${detail ? `: ${detail}` : ''}.`, {
        resource: name,
        status: s,
        statuses,
        detail,
      });
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw openstackError(
        'WAIT_TIMEOUT',
        `Timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${name} to become ${opts.target.join(' or ')}; ` +
          `last status: ${s} (statuses: ${seen()}). Check the service, or wait longer.`,
        { resource: name, status: s, statuses },
      );
    }
    await sleep(Math.min(opts.intervalMs, remaining), opts.signal);
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
