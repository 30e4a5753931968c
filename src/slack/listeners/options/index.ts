import type { App } from '@slack/bolt';
import type { SlackDoor } from '../../door.js';
import { launchChoicesRequested } from './launch-choices.js';

export function registerOptions(bolt: App, door: SlackDoor): void {
  bolt.options({ type: 'block_suggestion', action_id: /^launch_/ }, launchChoicesRequested(door));
}
