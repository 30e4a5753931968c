import type { Actor } from '../../core/people/actor.js';
import type { SlackDoor } from '../door.js';
import type { ApprovalMessages } from './approval-messages.js';
import type { Origin } from './approve.js';
import { showRefusal } from './refusal.js';
import { tellRequester } from './tell-requester.js';

/** Deny (the reason modal, or `/blockops deny`): deny_request through the gateway, then message and requester. */
export async function denyFromSlack(
  door: SlackDoor,
  messages: ApprovalMessages,
  requestId: string,
  reason: string,
  actor: Actor,
  origin: Origin,
): Promise<void> {
  await messages.decide(requestId, async () => {
    try {
      await door.run('deny_request', { request_id: requestId, reason }, actor);
      const view = await door.app.services.desk.get(requestId);
      await messages.update(view);
      await tellRequester(door, messages, view);
    } catch (e) {
      await showRefusal(door, messages, requestId, actor, origin, e);
      throw e;
    }
  });
}

/**
 * Whether the core would refuse this actor's deny now (see Approvals.refusalOf). Then a reason form is pointless:
 * the caller runs deny_request at once so the core refuses and audits it, and the clicker hears why.
 */
export async function denyWouldBeRefused(door: SlackDoor, requestId: string, actor: Actor): Promise<boolean> {
  try {
    return (await door.app.services.desk.refusalOf(requestId, actor, 'deny')) !== undefined;
  } catch {
    // No such request, or the store is unreachable: deny_request meets the same and says so.
    return true;
  }
}
