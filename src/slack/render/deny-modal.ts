import type { types } from '@slack/bolt';

export const DENY_VIEW = 'blockops_deny';
export const REASON_BLOCK = 'reason';
export const REASON_ACTION = 'reason';

/** Deny asks for a reason, which the requester will see. `metadata` carries the request id and channel. */
export function denyModal(requestId: string, metadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: DENY_VIEW,
    private_metadata: metadata,
    title: { type: 'plain_text', text: 'Deny request' },
    submit: { type: 'plain_text', text: 'Deny' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Why? The requester will see this.' },
        hint: { type: 'plain_text', text: requestId.slice(0, 150) },
        element: { type: 'plain_text_input', action_id: REASON_ACTION, multiline: true, max_length: 500 },
      },
    ],
  };
}
