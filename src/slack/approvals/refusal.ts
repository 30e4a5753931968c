import { toOpsError } from '../../core/errors/to-ops-error.js';
import type { Actor } from '../../core/people/actor.js';
import { log } from '../../log.js';
import type { SlackDoor } from '../door.js';
import { renderError } from '../render/error.js';
import type { ApprovalMessages } from './approval-messages.js';
import type { Origin } from './approve.js';

/**
 * A decision that did not go through (self-approval, not an approver, expired, already decided, or a failure):
 * the clicker is told ephemerally. The core already audited the refusal and changed nothing. An expired request's
 * message is brought up to date so nobody else clicks it.
 */
export async function showRefusal(
  door: SlackDoor,
  messages: ApprovalMessages,
  requestId: string,
  actor: Actor,
  origin: Origin,
  e: unknown,
): Promise<void> {
  const err = toOpsError(e);
  try {
    await door.ephemeral(origin.channel, actor.id, renderError(err));
    if (err.code === 'APPROVAL.EXPIRED') await messages.update(await door.app.services.desk.get(requestId));
  } catch (tellError) {
    log.warn({ err: tellError, request: requestId }, 'telling the Slack user about a refused decision failed');
  }
}
