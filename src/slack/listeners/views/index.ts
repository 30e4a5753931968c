import type { App } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import type { SlackDoor } from '../../door.js';
import { DENY_VIEW } from '../../render/deny-modal.js';
import { LAUNCH_VIEW } from '../../render/launch-modal.js';
import { denyReasonSubmitted } from './deny-reason.js';
import { launchFormSubmitted } from './launch-form.js';

export function registerViews(bolt: App, door: SlackDoor, messages: ApprovalMessages): void {
  bolt.view({ callback_id: DENY_VIEW, type: 'view_submission' }, denyReasonSubmitted(door, messages));
  bolt.view({ callback_id: LAUNCH_VIEW, type: 'view_submission' }, launchFormSubmitted(door, messages));
}
