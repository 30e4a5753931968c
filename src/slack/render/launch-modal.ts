import type { types } from '@slack/bolt';

export const LAUNCH_VIEW = 'blockops_launch';

/** Block and action ids of the launch form; the options listener and the submission read the same table. */
export const LAUNCH_FIELDS = {
  image: { block: 'image', action: 'launch_image' },
  flavor: { block: 'flavor', action: 'launch_flavor' },
  network: { block: 'network', action: 'launch_network' },
  key_name: { block: 'key_name', action: 'launch_key' },
  size_gb: { block: 'size_gb', action: 'size_gb' },
  count: { block: 'count', action: 'count' },
  name: { block: 'name', action: 'name' },
} as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text });

function select(
  field: keyof typeof LAUNCH_FIELDS,
  label: string,
  placeholder: string,
  optional = false,
): types.InputBlock {
  const ids = LAUNCH_FIELDS[field];
  return {
    type: 'input',
    block_id: ids.block,
    optional,
    label: plain(label),
    // external_select: the lists can be long; Slack asks the options listener as the user types.
    element: { type: 'external_select', action_id: ids.action, min_query_length: 0, placeholder: plain(placeholder) },
  };
}

/**
 * `/blockops launch` with no arguments: image, flavor, network and key pair filled from the cloud, then size,
 * count and name. `metadata` (private_metadata) carries where the command was run, for the answer.
 */
export function launchModal(metadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: LAUNCH_VIEW,
    private_metadata: metadata,
    title: plain('Launch servers'),
    submit: plain('Ask to launch'),
    close: plain('Cancel'),
    blocks: [
      select('image', 'Image', 'Choose an image'),
      select('flavor', 'Flavor', 'Choose a flavor'),
      select('network', 'Network', 'auto (Nova chooses)', true),
      select('key_name', 'Key pair', 'No key pair', true),
      {
        type: 'input',
        block_id: LAUNCH_FIELDS.size_gb.block,
        optional: true,
        label: plain('Boot volume size (GB)'),
        hint: plain('Leave empty for what the image needs.'),
        element: {
          type: 'number_input',
          action_id: LAUNCH_FIELDS.size_gb.action,
          is_decimal_allowed: false,
          min_value: '1',
        },
      },
      {
        type: 'input',
        block_id: LAUNCH_FIELDS.count.block,
        label: plain('How many servers'),
        element: {
          type: 'number_input',
          action_id: LAUNCH_FIELDS.count.action,
          is_decimal_allowed: false,
          initial_value: '1',
          min_value: '1',
          max_value: '50',
        },
      },
      {
        type: 'input',
        block_id: LAUNCH_FIELDS.name.block,
        label: plain('Server name'),
        hint: plain('With more than one server they are named <name>-1, <name>-2, …'),
        element: { type: 'plain_text_input', action_id: LAUNCH_FIELDS.name.action, max_length: 240 },
      },
    ],
  };
}
