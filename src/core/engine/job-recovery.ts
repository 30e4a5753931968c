import type { Cloud } from '../cloud/cloud.js';
import { findIntended } from '../cloud/intended.js';
import type { Actor } from '../people/actor.js';
import type { RequestRow, Store } from '../store/types.js';

const SYSTEM: Actor = { id: 'blockops', via: 'system' };

/**
 * After a restart: jobs whose runner stopped beating are marked failed with what their checkpoint says
 * they created, so nothing is dropped silently; the audit log names the leftovers. A resource the checkpoint
 * names but has no id for (the process died while creating it) is looked up by name in the cloud.
 */
export async function recoverStaleJobs(
  store: Store,
  now: () => Date,
  staleAfterMs: number,
  cloud?: () => Promise<Cloud>,
): Promise<RequestRow[]> {
  const stale = await store.requests.listStale(new Date(now().getTime() - staleAfterMs).toISOString());
  const recovered: RequestRow[] = [];
  for (const row of stale) {
    const checkpoint = row.checkpoint ?? {};
    const leftovers = Object.keys(checkpoint).length ? [checkpoint] : [];
    if (cloud) leftovers.push(...(await findIntended(cloud, checkpoint, row.startedAt)));
    const error = {
      code: 'JOB.INTERRUPTED',
      message: `blockops stopped while this ran (runner ${row.runner}). ${
        leftovers.length
          ? 'It had created resources that are left behind: see leftovers.'
          : 'It had created nothing yet.'
      }`,
    };
    const failed = await store.requests.transition(row.id, ['running'], 'failed', {
      error,
      leftovers,
      finishedAt: now().toISOString(),
    });
    if (!failed) continue;
    await store.audit.append({
      event: 'failed',
      actor: SYSTEM,
      operation: row.operation,
      requestId: row.id,
      error,
      details: { leftovers, cleanup: leftovers.length ? 'resources left behind' : 'nothing left behind' },
    });
    recovered.push(failed);
  }
  return recovered;
}
