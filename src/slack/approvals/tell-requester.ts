import type { RequestView } from '../../core/engine/request-view.js';
import type { SlackDoor } from '../door.js';
import { renderRequesterNotice } from '../render/notice.js';
import type { ApprovalMessages } from './approval-messages.js';

/**
 * Tells the requester where their request stands: a Slack requester by DM; anyone else (an MCP identity, a CLI
 * user) in the approval message's thread, where the people watching the request see it.
 */
export async function tellRequester(
  door: SlackDoor,
  messages: ApprovalMessages,
  view: RequestView,
  summary?: string,
): Promise<void> {
  const m = renderRequesterNotice(view, summary);
  if (view.requested_via === 'slack') {
    await door.dm(view.requester, m);
    return;
  }
  const ref = await messages.where(view.request_id);
  if (!ref) return;
  await door.client.chat.postMessage({
    channel: ref.channel,
    thread_ts: ref.ts,
    text: m.text,
    blocks: m.blocks,
    unfurl_links: false,
  });
}
