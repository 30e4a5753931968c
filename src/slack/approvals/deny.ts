import type { Actor } from '../../core/people/actor.js';
import type { RequestRow } from '../../core/store/types.js';
import type { SlackDoor } from '../door.js';
import type { Announcer } from './announcer.js';
import type { Origin } from './approve.js';
import { showRefusal } from './refusal.js';
import { tellRequester } from './tell-requester.js';

/** Deny (the reason modal, or `/blockops deny`): deny_request through the gateway, then message and requester. */
export async function denyFromSlack(
  door: SlackDoor,
  announcer: Announcer,
  requestId: string,
  reason: string,
  actor: Actor,
  origin: Origin,
): Promise<void> {
  const mine = !door.busy.has(requestId);
  if (mine) door.busy.add(requestId);
  try {
    await door.run('deny_request', { request_id: requestId, reason }, actor);
    const row = (await door.app.services.store.requests.get(requestId)) as RequestRow;
    await announcer.update(row);
    await tellRequester(door, row);
  } catch (e) {
    await showRefusal(door, announcer, requestId, actor, origin, e);
    throw e;
  } finally {
    if (mine) door.busy.delete(requestId);
  }
}

/**
 * Whether a Deny click would be refused anyway (not pending, the requester's own, not an approver). Then the
 * reason modal is pointless: the caller runs deny_request at once so the core refuses and audits it. The
 * prediction cannot be wrong the other way round: each of these conditions only ever stays true.
 */
export async function denyWouldBeRefused(door: SlackDoor, requestId: string, actor: Actor): Promise<boolean> {
  const row = await door.app.services.store.requests.get(requestId);
  if (!row) return true;
  if (row.state !== 'pending' || Date.parse(row.expiresAt) <= door.app.services.now().getTime()) return true;
  if (row.requester.id === actor.id) return true;
  return !(await door.app.services.policy.isApprover(row.approverGroup ?? 'approvers', actor.id));
}
