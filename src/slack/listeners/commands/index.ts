import type { App } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import type { SlackDoor } from '../../door.js';
import { blockopsCommand } from './blockops.js';

export function registerCommands(bolt: App, door: SlackDoor, messages: ApprovalMessages): void {
  bolt.command('/blockops', blockopsCommand(door, messages));
}
