import type { Progress } from '../../core/engine/operation.js';
import type { Actor } from '../../core/people/actor.js';
import type { RequestRow } from '../../core/store/types.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderApprovalRecorded } from '../render/notice.js';
import type { Announcer } from './announcer.js';
import { JobDisplay } from './job-display.js';
import { showRefusal } from './refusal.js';

/** Where the person who clicked or typed is, for ephemeral answers and, without an approval message, the status. */
export interface Origin {
  channel: string | undefined;
  user: string;
}

/**
 * Approve (button or `/blockops approve`): approve_request through the gateway as the approver, which runs the
 * job once enough approvals are in. The core's compare-and-set decides between simultaneous clicks (one runs,
 * others are refused or just counted); whichever click got through, the job is shown once (JobDisplay).
 */
export async function approveFromSlack(
  door: SlackDoor,
  announcer: Announcer,
  requestId: string,
  actor: Actor,
  origin: Origin,
): Promise<void> {
  const fallback = origin.channel ?? origin.user;
  const display = () => JobDisplay.for(door, announcer, requestId, fallback);
  // Following in the background (while the gateway call runs the job): a Slack failure there is logged, not lost.
  const followInBackground = (p?: Progress) => {
    display()
      .then((d) => {
        if (p) d.progress(p);
        return d.follow();
      })
      .catch((e: unknown) => log.error({ err: e, request: requestId }, 'showing the job in Slack failed'));
  };
  try {
    await door.run('approve_request', { request_id: requestId }, actor, { onProgress: (p) => followInBackground(p) });
  } catch (e) {
    await showRefusal(door, announcer, requestId, actor, origin, e);
    // Refused because another approval got through a moment earlier: its job still deserves to be shown.
    const row = await door.app.services.store.requests.get(requestId);
    if (row && (row.state === 'approved' || row.state === 'running')) followInBackground();
    throw e;
  }
  const row = (await door.app.services.store.requests.get(requestId)) as RequestRow;
  if (row.state === 'pending') {
    await announcer.update(row);
    await door.ephemeral(origin.channel, actor.id, renderApprovalRecorded(row));
    return;
  }
  await (await display()).follow();
}
