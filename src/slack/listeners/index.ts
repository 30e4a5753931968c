import type { App } from '@slack/bolt';
import type { ApprovalMessages } from '../approvals/approval-messages.js';
import type { SlackDoor } from '../door.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerOptions } from './options/index.js';
import { registerViews } from './views/index.js';

/** Every listener of the Slack app (retries and replays are dropped at their ack: see gateRepeats). */
export function registerListeners(bolt: App, door: SlackDoor, messages: ApprovalMessages): void {
  registerCommands(bolt, door, messages);
  registerActions(bolt, door, messages);
  registerViews(bolt, door, messages);
  registerOptions(bolt, door);
}
