import type { AuditEntry, AuditQuery } from '../store/types.js';

/**
 * The filters of AuditQuery, applied to one entry (export filters while it scans). Same meaning as the store's
 * query: resource matches requestId or any value in resources, `since` inclusive, `until` exclusive.
 */
export function matchesAuditQuery(entry: AuditEntry, q: AuditQuery): boolean {
  if (q.actor !== undefined && entry.actor.id !== q.actor) return false;
  if (q.operation !== undefined && entry.operation !== q.operation) return false;
  if (q.event !== undefined && entry.event !== q.event) return false;
  const at = Date.parse(entry.at);
  if (q.since !== undefined && at < Date.parse(q.since)) return false;
  if (q.until !== undefined && at >= Date.parse(q.until)) return false;
  if (q.resource !== undefined) {
    const values = Object.values(entry.resources ?? {}).flat();
    if (entry.requestId !== q.resource && !values.includes(q.resource)) return false;
  }
  return true;
}
