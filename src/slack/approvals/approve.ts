import type { Actor } from '../../core/actor.js';
import { OpsError } from '../../core/errors.js';
import type { RequestRow } from '../../core/store/types.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderError } from '../render/error.js';
import { renderApprovalRecorded } from '../render/notice.js';
import { renderFinished } from '../render/progress.js';
import { renderResult, safeSummary } from '../render/result.js';
import { StatusMessage } from '../status-message.js';
import type { Announcer } from './announcer.js';
import { approvalMessageOf } from './message-ref.js';
import { showRefusal } from './refusal.js';
import { tellRequester } from './tell-requester.js';

/** Where the person who clicked or typed is, for ephemeral answers and, without an approval message, the status. */
export interface Origin {
  channel: string | undefined;
  user: string;
}

/**
 * Approve (button or `/blockops approve`): approve_request through the gateway as the approver, which runs the
 * job once enough approvals are in; the core's compare-and-set makes a second click or a second approver a
 * refusal, never a second run. Progress goes to one status message in the approval message's thread.
 */
export async function approveFromSlack(
  door: SlackDoor,
  announcer: Announcer,
  requestId: string,
  actor: Actor,
  origin: Origin,
): Promise<void> {
  const { store, registry } = door.app.services;
  const before = await store.requests.get(requestId);
  const ref = before ? approvalMessageOf(before) : undefined;
  const opTitle = (before && registry.find(before.operation)?.title) ?? 'Request';
  const where = ref ? { channel: ref.channel, threadTs: ref.ts } : { channel: origin.channel ?? origin.user };
  const status = new StatusMessage(door.client, where, opTitle);
  let started: Promise<void> | undefined;
  // The first progress means the approval went through and the job runs: show that, and tell the requester.
  const start = () => {
    started ??= (async () => {
      const row = await store.requests.get(requestId);
      if (!row) return;
      await announcer.update(row);
      await tellRequester(door, row);
    })().catch((e: unknown) => log.warn({ err: e, request: requestId }, 'showing the approval in Slack failed'));
    return started;
  };
  door.busy.add(requestId);
  try {
    await door.run('approve_request', { request_id: requestId }, actor, {
      onProgress: (p) => {
        void start();
        status.progress(p);
      },
    });
    const row = (await store.requests.get(requestId)) as RequestRow;
    if (row.state === 'pending') {
      await announcer.update(row);
      await door.ephemeral(origin.channel, actor.id, renderApprovalRecorded(row));
      return;
    }
    await start();
    await finishStatus(door, status, row, opTitle);
    await announcer.update(row);
    const op = registry.find(row.operation);
    await tellRequester(door, row, op && row.state === 'succeeded' ? safeSummary(op, row.result) : undefined);
  } catch (e) {
    await showRefusal(door, announcer, requestId, actor, origin, e);
    throw e;
  } finally {
    door.busy.delete(requestId);
  }
}

/** The status message's last state and the result (server addresses, volume ids, the clone path) in the thread. */
async function finishStatus(door: SlackDoor, status: StatusMessage, row: RequestRow, title: string): Promise<void> {
  const op = door.app.services.registry.find(row.operation);
  if (row.state === 'succeeded' && op) {
    await status.finish(
      renderFinished(title, { ok: true, summary: safeSummary(op, row.result) }),
      renderResult(op, row.result),
    );
    return;
  }
  const error = row.error ?? { code: `JOB.${row.state.toUpperCase()}`, message: `The request is ${row.state}.` };
  const leftovers = row.leftovers?.length ? ` Left behind: ${JSON.stringify(row.leftovers)}` : '';
  const failure = new OpsError(error.code, error.message + leftovers, { details: { request_id: row.id } });
  await status.finish(
    renderFinished(title, { ok: false, error: `${error.code}: ${error.message}` }),
    renderError(failure),
  );
}
