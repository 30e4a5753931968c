import type { RequestRow, Store } from '../../core/store/types.js';
import type { MessageRef } from '../status-message.js';

/** Where a request's approval message is, from the row's notes (`notes.slack = { channel, ts }`). */
export function approvalMessageOf(row: RequestRow): MessageRef | undefined {
  const slack = row.notes?.['slack'] as { channel?: unknown; ts?: unknown } | undefined;
  return typeof slack?.channel === 'string' && typeof slack.ts === 'string'
    ? { channel: slack.channel, ts: slack.ts }
    : undefined;
}

/** Records the approval message in the row's notes, keeping other front doors' notes. */
export async function rememberApprovalMessage(store: Store, row: RequestRow, ref: MessageRef): Promise<void> {
  await store.requests.patch(row.id, { notes: { ...(row.notes ?? {}), slack: { channel: ref.channel, ts: ref.ts } } });
}
