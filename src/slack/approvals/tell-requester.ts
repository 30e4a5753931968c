import type { RequestRow } from '../../core/store/types.js';
import type { SlackDoor } from '../door.js';
import { renderRequesterNotice } from '../render/notice.js';
import { approvalMessageOf } from './message-ref.js';

/**
 * Tells the requester where their request stands: a Slack requester by DM; anyone else (an MCP identity, a CLI
 * user) in the approval message's thread, where the people watching the request see it.
 */
export async function tellRequester(door: SlackDoor, row: RequestRow, summary?: string): Promise<void> {
  const m = renderRequesterNotice(row, summary);
  if (row.requester.via === 'slack') {
    await door.dm(row.requester.id, m);
    return;
  }
  const ref = approvalMessageOf(row);
  if (!ref) return;
  await door.client.chat.postMessage({
    channel: ref.channel,
    thread_ts: ref.ts,
    text: m.text,
    blocks: m.blocks,
    unfurl_links: false,
  });
}
