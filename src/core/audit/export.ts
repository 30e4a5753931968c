import { once } from 'node:events';
import type { AuditQuery, Store } from '../store/types.js';
import { matchesAuditQuery } from './match.js';

/**
 * Writes audit records as JSON lines, oldest first (seq order), streaming: memory stays at one page. With a
 * query, only matching records are written; its `limit`, if set, caps the number of lines (no default cap).
 * Honours back-pressure; does not end `out` (the caller owns it). Resolves to the number of lines written.
 */
export async function exportAudit(
  store: Pick<Store, 'audit'>,
  out: NodeJS.WritableStream,
  query?: AuditQuery,
): Promise<number> {
  let written = 0;
  if (query?.limit !== undefined && query.limit <= 0) return 0;
  for await (const entry of store.audit.scan()) {
    if (query && !matchesAuditQuery(entry, query)) continue;
    if (!out.write(`${JSON.stringify(entry)}\n`)) await once(out, 'drain');
    written++;
    if (query?.limit !== undefined && written >= query.limit) break;
  }
  return written;
}
