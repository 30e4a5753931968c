import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { ApprovalMessages } from '../../approvals/approval-messages.js';
import type { SlackDoor } from '../../door.js';
import { APPROVE_ACTION, DENY_ACTION } from '../../render/approval.js';
import { approveButton } from './approve-button.js';
import { denyButton } from './deny-button.js';

export function registerActions(bolt: App, door: SlackDoor, messages: ApprovalMessages): void {
  bolt.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: APPROVE_ACTION },
    approveButton(door, messages),
  );
  bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: DENY_ACTION }, denyButton(door, messages));
}
