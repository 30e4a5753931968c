import type { RequestDesk } from '../../core/engine/request-desk.js';
import type { MessageRef } from '../status-message.js';

/**
 * Slack's note on a request, kept by the desk beside it: where its approval message is, `{ channel, ts }`; while a
 * process posts it, that process's claim.
 */
const NOTE = 'slack';

/**
 * How long a claim to post holds: beyond the Web API client's worst case (four tries of 15 s and their backoff),
 * yet short enough that a replica that died while posting holds the announcement up for two minutes at most.
 */
const POST_CLAIM_MS = 2 * 60_000;

export async function readApprovalMessage(desk: RequestDesk, id: string): Promise<MessageRef | undefined> {
  const note = await desk.note(id, NOTE);
  const channel = note?.['channel'];
  const ts = note?.['ts'];
  return typeof channel === 'string' && typeof ts === 'string' ? { channel, ts } : undefined;
}

export function recordApprovalMessage(desk: RequestDesk, id: string, ref: MessageRef): Promise<void> {
  return desk.setNote(id, NOTE, { channel: ref.channel, ts: ref.ts });
}

/** True when this process may post the request's approval message: no process has posted it or is posting it. */
export function claimApprovalMessage(desk: RequestDesk, id: string, owner: string): Promise<boolean> {
  return desk.claimNote(id, NOTE, { owner, ttlMs: POST_CLAIM_MS });
}

/** Posting failed: lets the next poll, here or in another process, try again at once. */
export function releaseApprovalMessage(desk: RequestDesk, id: string, owner: string): Promise<void> {
  return desk.releaseNote(id, NOTE, owner);
}
