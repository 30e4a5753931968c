import type { Insertable, Selectable } from 'kysely';
import { type ChainHead, nextKeyIdAfter } from '../audit/seal.js';
import type { Actor } from '../people/actor.js';
import { fromJsonColumn, toJsonColumn } from './columns.js';
import type { AuditLogTable } from './schema.js';
import type { ApiRequestRef, AuditEntry, AuditEvent } from './types.js';

export function toAuditRow(entry: AuditEntry): Insertable<AuditLogTable> {
  return {
    seq: entry.seq,
    at: entry.at,
    prev_hash: entry.prevHash,
    hash: entry.hash,
    key_id: entry.keyId ?? null,
    event: entry.event,
    actor: toJsonColumn(entry.actor) ?? 'null',
    operation: entry.operation,
    request_id: entry.requestId ?? null,
    input: toJsonColumn(entry.input),
    resources: toJsonColumn(entry.resources),
    api_requests: toJsonColumn(entry.apiRequests),
    duration_ms: entry.durationMs ?? null,
    error: toJsonColumn(entry.error),
    details: toJsonColumn(entry.details),
  };
}

/** The entry as it was hashed: a NULL column is an absent field (see normalizeAuditInput). */
export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  const entry: AuditEntry = {
    seq: row.seq,
    at: row.at,
    prevHash: row.prev_hash,
    hash: row.hash,
    event: row.event as AuditEvent,
    actor: fromJsonColumn<Actor>(row.actor)!,
    operation: row.operation,
  };
  const optional: Partial<AuditEntry> = {
    keyId: row.key_id ?? undefined,
    requestId: row.request_id ?? undefined,
    input: fromJsonColumn(row.input),
    resources: fromJsonColumn<Record<string, string | string[]>>(row.resources),
    apiRequests: fromJsonColumn<ApiRequestRef[]>(row.api_requests),
    durationMs: row.duration_ms ?? undefined,
    error: fromJsonColumn<{ code: string; message: string }>(row.error),
    details: fromJsonColumn<Record<string, unknown>>(row.details),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (entry as unknown as Record<string, unknown>)[key] = value;
  }
  return entry;
}

/** The columns the append reads from the last row to seal the next one. */
export const HEAD_COLUMNS = ['seq', 'hash', 'key_id', 'event', 'details'] as const;

export function toChainHead(
  row: Pick<Selectable<AuditLogTable>, (typeof HEAD_COLUMNS)[number]> | undefined,
): ChainHead | undefined {
  if (!row) return undefined;
  const next = nextKeyIdAfter({
    event: row.event as AuditEvent,
    keyId: row.key_id ?? undefined,
    // Only a rotation's details matter here: other rows' JSON is not parsed on every append.
    details: row.event === 'key-rotated' ? fromJsonColumn<Record<string, unknown>>(row.details) : undefined,
  });
  return { seq: row.seq, hash: row.hash, nextKeyId: next };
}

/** The head after `entry`, without reading it back: what the next entry of the same transaction links to. */
export function nextHead(entry: AuditEntry): ChainHead {
  return { seq: entry.seq, hash: entry.hash, nextKeyId: nextKeyIdAfter(entry) };
}
