import { hostname } from 'node:os';
import type { RequestRow } from '../core/store/types.js';
import { log } from '../log.js';
import type { Services } from './services.js';

/** The part of the App the chores use (not App itself: app.ts builds its services with runnerId from here). */
type ChoresApp = { services: Services };

/** A running job beats every 5 s; a minute of silence means its process is gone. */
export const STALE_AFTER_MS = 60_000;

/** Names this process in a running request's `runner`, so a stale one says which machine and process died. */
export function runnerId(): string {
  return `${hostname()}:${process.pid}`;
}

export interface ChoreOptions {
  staleAfterMs?: number | undefined;
  /** Given, approved requests nobody is running are claimed for this process and handed over, one by one. */
  run?: (row: RequestRow) => void;
  /** Checked around each claim: once true, nothing more is claimed, and a row claimed meanwhile is put back. */
  stopping?: () => boolean;
  /** Claim only approved requests nobody took up for this long (a process that approves runs its own at once). */
  orphanedAfterMs?: number | undefined;
}

/**
 * What every process sharing the store does (each CLI command at its start, `blockops serve` on every tick):
 * pending requests past their expiry expire, jobs whose runner died are failed with their leftovers, and, with
 * `run`, approved requests nobody ran are claimed and run.
 */
export async function runChores(app: ChoresApp, opts: ChoreOptions = {}): Promise<void> {
  const { services } = app;
  await services.approvals.expireDue();
  await services.jobs.recoverStale(opts.staleAfterMs ?? STALE_AFTER_MS);
  const { run, stopping = () => false } = opts;
  if (!run) return;
  while (!stopping()) {
    const now = services.now();
    const untouchedSince =
      opts.orphanedAfterMs === undefined ? undefined : new Date(now.getTime() - opts.orphanedAfterMs).toISOString();
    const row = await services.store.requests.claimApproved(runnerId(), now.toISOString(), untouchedSince);
    if (!row) return;
    if (stopping()) {
      await putBack(app, row);
      return;
    }
    run(row);
  }
}

/** A claimed row is never dropped: shutting down, it goes back to `approved` (compare-and-set) for the next process. */
async function putBack(app: ChoresApp, row: RequestRow): Promise<void> {
  const back = await app.services.store.requests.transition(row.id, ['running'], 'approved');
  if (back) log.info({ request: row.id }, 'stopping: left an approved request for the next blockops process');
  else log.warn({ request: row.id }, 'stopping: a request claimed here was moved by someone else meanwhile');
}
