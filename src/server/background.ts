import type { App } from '../app/app.js';
import { log } from '../log.js';

/**
 * The long-running process's chores: on start, jobs whose runner died are failed with their leftovers;
 * then, periodically, pending requests past their expiry expire, and approved requests nobody ran are run.
 */
export function startBackground(
  app: App,
  opts: { intervalMs?: number; staleAfterMs?: number; graceMs?: number } = {},
): () => Promise<void> {
  const { services } = app;
  const staleAfterMs = opts.staleAfterMs ?? 60_000;
  let stopped = false;
  let busy = false;
  const inFlight = new Set<Promise<unknown>>();
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      await services.approvals.expireDue();
      await services.jobs.recoverStale(staleAfterMs);
      for (;;) {
        const row = await services.store.requests.claimApproved(`${process.pid}`, services.now().toISOString());
        if (!row || stopped) break;
        // Not awaited one by one: a long launch must not hold up expiry of other requests.
        services.desk
          .runClaimed(row)
          .catch((e: unknown) => log.error({ err: e, request: row.id }, 'background job failed'));
      }
    } catch (e) {
      log.error({ err: e }, 'background chores failed; retrying');
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(tick, opts.intervalMs ?? 5_000);
  timer.unref();
  // On shutdown, jobs under way get a grace period to finish and record their outcome; one that does not
  // is failed with its leftovers by the next process's recovery.
  return async () => {
    stopped = true;
    clearInterval(timer);
    if (!inFlight.size) return;
    log.info({ jobs: inFlight.size }, 'waiting for running jobs before stopping');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...inFlight]),
      new Promise((r) => {
        grace = setTimeout(r, opts.graceMs ?? 25_000);
      }),
    ]);
    clearTimeout(grace);
  };
}
