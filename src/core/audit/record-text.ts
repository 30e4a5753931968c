import type { StoredAuditRow } from '../store/types.js';
import { canonicalJson, type UnsealedEntry } from './hash.js';

/** The columns of an entry: JSON ones as canonical JSON, so that storedChainText of them is its chain text. */
export function entryColumns(entry: UnsealedEntry): Omit<StoredAuditRow, 'hash'> {
  return {
    seq: entry.seq,
    at: entry.at,
    prev_hash: entry.prevHash,
    key_id: entry.keyId ?? null,
    event: entry.event,
    actor: canonicalJson(entry.actor),
    operation: entry.operation,
    request_id: entry.requestId ?? null,
    input: jsonColumn(entry.input),
    resources: jsonColumn(entry.resources),
    api_requests: jsonColumn(entry.apiRequests),
    duration_ms: entry.durationMs ?? null,
    error: jsonColumn(entry.error),
    details: jsonColumn(entry.details),
  };
}

function jsonColumn(value: unknown): string | null {
  return value === undefined ? null : canonicalJson(value);
}

/**
 * chainText (hash.ts) built straight from the stored columns, taking each JSON column's text as it is: the same
 * text when those hold canonical JSON, as entryColumns writes them. Keys in canonicalJson's order; NULL columns left
 * out. Seal MACs this text; verify tries it first and, if the MAC does not match, falls back to parsing the record
 * and rebuilding its canonical text (rows written before the columns were canonical, PostgreSQL's jsonb).
 * Only trust a match once jsonColumnsParse(row) holds: then each column's text is a whole JSON value, so the text
 * splits into fields one way only and no field's bytes can have been moved into another.
 */
export function storedChainText(row: Omit<StoredAuditRow, 'hash'>): string {
  let text = `${row.prev_hash}\n{`;
  if (row.actor !== null) text += `"actor":${row.actor},`;
  if (row.api_requests !== null) text += `"apiRequests":${row.api_requests},`;
  text += `"at":${JSON.stringify(row.at)},`;
  if (row.details !== null) text += `"details":${row.details},`;
  if (row.duration_ms !== null) text += `"durationMs":${JSON.stringify(row.duration_ms)},`;
  if (row.error !== null) text += `"error":${row.error},`;
  text += `"event":${JSON.stringify(row.event)},`;
  if (row.input !== null) text += `"input":${row.input},`;
  if (row.key_id !== null) text += `"keyId":${JSON.stringify(row.key_id)},`;
  text += `"operation":${JSON.stringify(row.operation)},"prevHash":${JSON.stringify(row.prev_hash)},`;
  if (row.request_id !== null) text += `"requestId":${JSON.stringify(row.request_id)},`;
  if (row.resources !== null) text += `"resources":${row.resources},`;
  return `${text}"seq":${JSON.stringify(row.seq)}}`;
}

/** True when every non-NULL JSON column of the row is one well-formed JSON value. */
export function jsonColumnsParse(row: StoredAuditRow): boolean {
  try {
    for (const text of [row.actor, row.api_requests, row.details, row.error, row.input, row.resources]) {
      if (text !== null) JSON.parse(text);
    }
    return true;
  } catch {
    return false;
  }
}
