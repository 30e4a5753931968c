import type { RequestView } from '../../core/engine/request-view.js';
import type { Actor } from '../../core/people/actor.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderApprovalRecorded } from '../render/notice.js';
import type { ApprovalMessages } from './approval-messages.js';
import { showRefusal } from './refusal.js';

/** Where the person who clicked or typed is, for ephemeral answers and, without an approval message, the status. */
export interface Origin {
  channel: string | undefined;
  user: string;
}

/**
 * Approve (button or `/blockops approve`): approve_request through the gateway as the approver, which runs the
 * job once enough approvals are in. The core's compare-and-set decides between simultaneous clicks (one runs,
 * others are refused or just counted); whichever click got through, the job is shown once (ApprovalMessages).
 */
export async function approveFromSlack(
  door: SlackDoor,
  messages: ApprovalMessages,
  requestId: string,
  actor: Actor,
  origin: Origin,
): Promise<void> {
  const { desk } = door.app.services;
  let job: Promise<void> | undefined;
  const showJob = () => {
    if (!job) {
      job = messages.showJob(requestId, origin.channel ?? origin.user);
      // Started while the gateway call runs the job: a Slack failure there is logged, not lost.
      job.catch((e: unknown) => log.error({ err: e, request: requestId }, 'showing the job in Slack failed'));
    }
    return job;
  };
  const view = await messages.decide(requestId, async () => {
    try {
      // The first progress only says the job has started: the display follows it through the core itself.
      await door.run('approve_request', { request_id: requestId }, actor, { onProgress: () => void showJob() });
    } catch (e) {
      await showRefusal(door, messages, requestId, actor, origin, e);
      // Refused because another approval got through a moment earlier: its job still deserves to be shown.
      const now: RequestView | undefined = await desk.get(requestId).catch(() => undefined);
      if (now?.status === 'approved' || now?.status === 'running') void showJob();
      throw e;
    }
    const approved = await desk.get(requestId);
    if (approved.status === 'pending_approval') await messages.update(approved);
    return approved;
  });
  if (view.status === 'pending_approval') {
    await door.ephemeral(origin.channel, actor.id, renderApprovalRecorded(view));
    return;
  }
  await showJob();
}
