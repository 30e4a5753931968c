import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import { denyFromSlack, denyWouldBeRefused } from '../../approvals/deny.js';
import type { SlackDoor } from '../../door.js';
import { encodeMetadata } from '../../metadata.js';
import { denyModal } from '../../render/deny-modal.js';

/** Deny on an approval message: asks for a reason in a modal, unless the core would refuse this click anyway. */
export function denyButton(door: SlackDoor, messages: ApprovalMessages) {
  return async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const actor = door.actor(body.user.id, body.user.team_id ?? body.team?.id, body.user.name);
    const requestId = action.value ?? '';
    const origin = { channel: body.channel?.id, user: body.user.id };
    if (await denyWouldBeRefused(door, requestId, actor)) {
      // The core refuses (and audits) it; no reason is ever stored.
      await denyFromSlack(door, messages, requestId, 'refused before a reason was asked', actor, origin);
      return;
    }
    const metadata = encodeMetadata({ request_id: requestId, channel: body.channel?.id });
    await door.client.views.open({ trigger_id: body.trigger_id, view: denyModal(requestId, metadata) });
  };
}
