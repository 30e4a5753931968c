import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import { replyByApi } from '../../commands/reply.js';
import { runSubcommand } from '../../commands/run-subcommand.js';
import type { SlackDoor } from '../../door.js';
import { formErrors, launchInputFromForm } from '../../launch/submission.js';
import { decodeMetadata } from '../../metadata.js';

/** The launch form was submitted: mistakes are shown in the form; otherwise launch_server runs through the gateway. */
export function launchFormSubmitted(door: SlackDoor, messages: ApprovalMessages) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const op = door.app.services.registry.get('launch_server');
    const input = launchInputFromForm(view.state.values);
    const parsed = op.input.safeParse(input);
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: formErrors(parsed.error.issues) });
      return;
    }
    await ack();
    const { channel } = decodeMetadata(view.private_metadata);
    const actor = door.actor(body.user.id, body.user.team_id ?? body.team?.id, body.user.name);
    const where = { channel, user: body.user.id };
    await runSubcommand(door, messages, op, input, actor, where, replyByApi(door, channel, body.user.id));
  };
}
