import type { Insertable, Selectable } from 'kysely';
import type { AuditKey } from '../audit/key.js';
import { entryColumns } from '../audit/record-text.js';
import { type ChainHead, nextKeyIdAfter, type SealedRecord, sealNormalized } from '../audit/seal.js';
import type { Actor } from '../people/actor.js';
import { fromJsonColumn, nowIso } from './columns.js';
import type { AuditLogTable } from './schema.js';
import type { ApiRequestRef, AuditEntry, AuditEntryInput, AuditEvent, StoredAuditRow } from './types.js';

/** The row that stores an entry; its JSON columns hold canonical JSON (see record-text.ts). */
export function toAuditRow(entry: AuditEntry): Insertable<AuditLogTable> {
  return { ...entryColumns(entry), hash: entry.hash };
}

/** The entry as it was hashed: a NULL column is an absent field (see normalizeAuditInput). */
export function toAuditEntry(row: StoredAuditRow): AuditEntry {
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

/** The columns verify and export read: all but the generated actor_id. */
export const STORED_COLUMNS = [
  'seq',
  'at',
  'prev_hash',
  'hash',
  'key_id',
  'event',
  'actor',
  'operation',
  'request_id',
  'input',
  'resources',
  'api_requests',
  'duration_ms',
  'error',
  'details',
] as const satisfies readonly (keyof StoredAuditRow)[];

/**
 * A row read as an array of STORED_COLUMNS' values (better-sqlite3's raw mode, which verify's reads of a million rows
 * use: about a third faster than its row objects), as the row object.
 */
export function fromStoredTuple(values: unknown[]): StoredAuditRow {
  const v = values as unknown as StoredTuple;
  return {
    seq: v[0],
    at: v[1],
    prev_hash: v[2],
    hash: v[3],
    key_id: v[4],
    event: v[5],
    actor: v[6],
    operation: v[7],
    request_id: v[8],
    input: v[9],
    resources: v[10],
    api_requests: v[11],
    duration_ms: v[12],
    error: v[13],
    details: v[14],
  };
}

type Text = string;
type MaybeText = string | null;
type StoredTuple = [
  number,
  Text,
  Text,
  Text,
  MaybeText,
  Text,
  Text,
  Text,
  MaybeText,
  MaybeText,
  MaybeText,
  MaybeText,
  number | null,
  MaybeText,
  MaybeText,
];

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

/** Seals normalized inputs, in order, after `head`, all with the same time: one transaction's records. */
export function sealAfter(head: ChainHead | undefined, inputs: AuditEntryInput[], key: AuditKey): SealedRecord[] {
  const at = nowIso();
  let prev = head;
  return inputs.map((input) => {
    const sealed = sealNormalized(prev, input, at, key);
    prev = nextHead(sealed.entry);
    return sealed;
  });
}
