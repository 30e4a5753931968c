import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import { planCommand } from '../../commands/plan.js';
import { replyByResponseUrl } from '../../commands/reply.js';
import { runSubcommand } from '../../commands/run-subcommand.js';
import type { SlackDoor } from '../../door.js';
import { openLaunchForm } from '../../launch/open-form.js';
import { renderError } from '../../render/error.js';

/** `/blockops …`: answered in the ack when it is help or a usage mistake; otherwise acked first, then run. */
export function blockopsCommand(door: SlackDoor, messages: ApprovalMessages) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const actor = door.actor(command.user_id, command.team_id, command.user_name);
    const { registry, policy } = door.app.services;
    let plan: ReturnType<typeof planCommand>;
    try {
      plan = planCommand(registry, command.text ?? '', (name) => policy.allows(registry.get(name), actor.id));
    } catch (e) {
      const m = renderError(e);
      await ack({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
      throw e;
    }
    if (plan.kind === 'answer') {
      await ack({ response_type: 'ephemeral', text: plan.message.text, blocks: plan.message.blocks });
      return;
    }
    await ack();
    const reply = replyByResponseUrl(respond);
    if (plan.kind === 'launch-form') {
      await openLaunchForm(door, command.trigger_id, command.channel_id, reply);
      return;
    }
    const where = { channel: command.channel_id, user: command.user_id };
    await runSubcommand(door, messages, plan.sub.op, plan.input, actor, where, reply);
  };
}
