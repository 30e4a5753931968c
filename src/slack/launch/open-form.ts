import type { Reply } from '../commands/reply.js';
import type { SlackDoor } from '../door.js';
import { encodeMetadata } from '../metadata.js';
import { renderError } from '../render/error.js';
import { launchModal } from '../render/launch-modal.js';

/** Opens the launch form (the trigger is valid for three seconds, so this runs right after the ack). */
export async function openLaunchForm(door: SlackDoor, triggerId: string, channel: string | undefined, reply: Reply) {
  try {
    await door.client.views.open({ trigger_id: triggerId, view: launchModal(encodeMetadata({ channel })) });
  } catch (e) {
    await reply.ephemeral(renderError(e, 'Opening the launch form')).catch(() => {});
    throw e;
  }
}
