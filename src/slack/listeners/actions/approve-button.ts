import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Announcer } from '../../approvals/announcer.js';
import { approveFromSlack } from '../../approvals/approve.js';
import type { SlackDoor } from '../../door.js';

/** Approve on an approval message: acked at once; the approval and the job run after. */
export function approveButton(door: SlackDoor, announcer: Announcer) {
  return async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs) => {
    await ack();
    const actor = door.actor(body.user.id, body.user.team_id ?? body.team?.id, body.user.name);
    await approveFromSlack(door, announcer, action.value ?? '', actor, {
      channel: body.channel?.id,
      user: body.user.id,
    });
  };
}
