import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { OpsError } from '../../../core/errors/ops-error.js';
import type { SlackDoor } from '../../door.js';
import { launchChoices, toSlackOptions } from '../../launch/choices.js';

/** Slack waits three seconds for options; answer an empty list a little before that rather than nothing. */
const OPTIONS_DEADLINE_MS = 2500;

/** The launch form's selects ask for their options as the user types. */
export function launchChoicesRequested(door: SlackDoor) {
  return async ({ ack, options, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs) => {
    const actor = door.actor(body.user.id, body.team?.id ?? undefined, body.user.name);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new OpsError('SLACK.OPTIONS_SLOW', 'The cloud did not list the choices within Slack’s 3 seconds.')),
        OPTIONS_DEADLINE_MS,
      );
    });
    try {
      const choices = await Promise.race([
        launchChoices(door, options.action_id, options.value ?? '', actor),
        deadline,
      ]);
      await ack({ options: toSlackOptions(choices) });
    } catch (e) {
      await ack({ options: [] });
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
}
