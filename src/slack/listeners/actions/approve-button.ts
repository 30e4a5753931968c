import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import { approveFromSlack } from '../../approvals/approve.js';
import type { SlackDoor } from '../../door.js';

/** Approve on an approval message: acked at once; the approval and the job run after. */
export function approveButton(door: SlackDoor, messages: ApprovalMessages) {
  return async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const actor = door.actor(body.user.id, body.user.team_id ?? body.team?.id, body.user.name);
    await approveFromSlack(door, messages, action.value ?? '', actor, {
      channel: body.channel?.id,
      user: body.user.id,
    });
  };
}
