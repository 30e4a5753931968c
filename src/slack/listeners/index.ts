import type { App } from '@slack/bolt';
import type { Announcer } from '../approvals/announcer.js';
import { dedupeRetries } from '../dedupe-retries.js';
import type { SlackDoor } from '../door.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerOptions } from './options/index.js';
import { registerViews } from './views/index.js';

/** Every listener of the Slack app; retries are dropped before any of them runs. */
export function registerListeners(bolt: App, door: SlackDoor, announcer: Announcer): void {
  bolt.use(dedupeRetries(door));
  registerCommands(bolt, door, announcer);
  registerActions(bolt, door, announcer);
  registerViews(bolt, door, announcer);
  registerOptions(bolt, door);
}
