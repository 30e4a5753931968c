import { createHash } from 'node:crypto';

/**
 * The identity of a Slack request for deduplication: a retry carries the same body (the same trigger_id, user,
 * text, action), whatever its new timestamp and signature.
 */
export function requestKey(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}
