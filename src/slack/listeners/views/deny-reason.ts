import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import { denyFromSlack } from '../../approvals/deny.js';
import type { SlackDoor } from '../../door.js';
import { decodeMetadata } from '../../metadata.js';
import { REASON_ACTION, REASON_BLOCK } from '../../render/deny-modal.js';

/** The deny reason modal was submitted: an empty reason is refused in the form; otherwise deny_request runs. */
export function denyReasonSubmitted(door: SlackDoor, messages: ApprovalMessages) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const reason = view.state.values[REASON_BLOCK]?.[REASON_ACTION]?.value?.trim();
    if (!reason) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK]: 'Say why: the requester will see it.' } });
      return;
    }
    await ack();
    const meta = decodeMetadata(view.private_metadata);
    const actor = door.actor(body.user.id, body.user.team_id ?? body.team?.id, body.user.name);
    await denyFromSlack(door, messages, meta.request_id ?? '', reason, actor, {
      channel: meta.channel,
      user: body.user.id,
    });
  };
}
