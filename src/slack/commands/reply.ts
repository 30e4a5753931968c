import type { RespondFn } from '@slack/bolt';
import type { SlackDoor } from '../door.js';
import type { SlackMessage } from '../render/blocks.js';

/** How a command answers the person who ran it: only them (ephemeral) or everyone in the channel. */
export interface Reply {
  ephemeral(m: SlackMessage): Promise<void>;
  inChannel(m: SlackMessage): Promise<void>;
}

/** For slash commands: the response_url (works in any channel, even where the app is not a member). */
export function replyByResponseUrl(respond: RespondFn): Reply {
  return {
    ephemeral: async (m) => {
      await respond({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
    },
    inChannel: async (m) => {
      await respond({ response_type: 'in_channel', text: m.text, blocks: m.blocks });
    },
  };
}

/** For modal submissions, which have no response_url: ephemeral in the channel the form came from, else a DM. */
export function replyByApi(door: SlackDoor, channel: string | undefined, user: string): Reply {
  return {
    ephemeral: (m) => door.ephemeral(channel, user, m),
    inChannel: async (m) => {
      await door.client.chat.postMessage({
        channel: channel ?? user,
        text: m.text,
        blocks: m.blocks,
        unfurl_links: false,
      });
    },
  };
}
