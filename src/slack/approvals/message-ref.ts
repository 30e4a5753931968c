import type { RequestDesk } from '../../core/engine/request-desk.js';
import type { MessageRef } from '../status-message.js';

/** Slack's note on a request, kept by the desk beside it: where its approval message is, `{ channel, ts }`. */
const NOTE = 'slack';

export async function readApprovalMessage(desk: RequestDesk, id: string): Promise<MessageRef | undefined> {
  const note = await desk.note(id, NOTE);
  const channel = note?.['channel'];
  const ts = note?.['ts'];
  return typeof channel === 'string' && typeof ts === 'string' ? { channel, ts } : undefined;
}

export function recordApprovalMessage(desk: RequestDesk, id: string, ref: MessageRef): Promise<void> {
  return desk.setNote(id, NOTE, { channel: ref.channel, ts: ref.ts });
}
