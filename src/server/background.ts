import type { App } from '../app/app.js';
import { runChores } from '../app/chores.js';
import type { RequestRow } from '../core/store/types.js';
import { log } from '../log.js';

/** How long jobs under way get to finish after SIGTERM; deployments must wait longer before killing the process. */
export const JOB_GRACE_MS = 25_000;

/**
 * The long-running process's chores (see runChores) on start and then periodically; approved requests it claims
 * run here, and on shutdown they get a grace period to finish.
 */
export function startBackground(
  app: App,
  opts: { intervalMs?: number; staleAfterMs?: number; graceMs?: number } = {},
): () => Promise<void> {
  let stopped = false;
  let ticking: Promise<void> | undefined;
  // Not awaited one by one: a long launch must not hold up expiry of other requests.
  const run = (row: RequestRow) => {
    app.services.desk
      .runClaimed(row)
      .catch((e: unknown) => log.error({ err: e, request: row.id }, 'background job failed'));
  };
  // Every job this process runs, whoever started it: the background runner, a Slack approval, an MCP wait.
  const running = () => app.services.jobs.running();
  const tick = () => {
    if (ticking || stopped) return;
    ticking = runChores(app, { staleAfterMs: opts.staleAfterMs, run, stopping: () => stopped })
      .catch((e: unknown) => log.error({ err: e }, 'background chores failed; retrying'))
      .finally(() => {
        ticking = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 5_000);
  timer.unref();
  // On shutdown, jobs under way get a grace period to finish and record their outcome; one that does not
  // is failed with its leftovers by the next process's recovery.
  return async () => {
    stopped = true;
    clearInterval(timer);
    await ticking; // a claim under way ends as a running job or back in `approved`, never dropped
    if (!running().length) return;
    const graceMs = opts.graceMs ?? JOB_GRACE_MS;
    log.info({ jobs: running().length, graceMs }, 'waiting for running jobs before stopping');
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(running()),
      new Promise((r) => {
        grace = setTimeout(r, graceMs);
      }),
    ]);
    clearTimeout(grace);
    if (running().length) {
      log.warn(
        { jobs: running().length },
        'stopping with jobs still running: once stale, recovery fails them with their leftovers',
      );
    }
  };
}
