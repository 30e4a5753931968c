import type { App } from '@slack/bolt';
import type { Announcer } from '../../approvals/announcer.js';
import type { SlackDoor } from '../../door.js';
import { blockopsCommand } from './blockops.js';

export function registerCommands(bolt: App, door: SlackDoor, announcer: Announcer): void {
  bolt.command('/blockops', blockopsCommand(door, announcer));
}
