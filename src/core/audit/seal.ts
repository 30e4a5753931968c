import { OpsError } from '../errors/ops-error.js';
import type { AuditEntry, AuditEntryInput, StoredAuditRow } from '../store/types.js';
import { GENESIS_HASH } from './hash.js';
import type { AuditKey } from './key.js';
import { entryColumns, storedChainText } from './record-text.js';
import { redactSecrets } from './redact.js';

/** The last entry of the chain: what the next one links to, and with which key. */
export interface ChainHead {
  seq: number;
  hash: string;
  /** The key the next record must be MACed with (see nextKeyIdAfter); undefined when any key may start it. */
  nextKeyId?: string | undefined;
}

/** The key the record after this one must carry: the rotation's new key, else this record's key (none if legacy). */
export function nextKeyIdAfter(entry: Pick<AuditEntry, 'event' | 'keyId' | 'details'>): string | undefined {
  if (entry.event === 'key-rotated' && entry.keyId !== undefined) {
    const next = entry.details?.['newKeyId'];
    return typeof next === 'string' ? next : undefined;
  }
  return entry.keyId;
}

const OPTIONAL_FIELDS = [
  'requestId',
  'input',
  'resources',
  'apiRequests',
  'durationMs',
  'error',
  'details',
] as const satisfies readonly (keyof AuditEntryInput)[];

/**
 * The entry exactly as the store will give it back: only the known fields, secrets redacted, passed through JSON
 * (Dates become strings, NaN becomes null, undefined keys vanish), absent optional fields (null or undefined) left
 * out. Hashing this form is what lets verify recompute the same hash from the stored columns.
 */
export function normalizeAuditInput(input: AuditEntryInput): AuditEntryInput {
  const known: Record<string, unknown> = { event: input.event, actor: input.actor, operation: input.operation };
  for (const field of OPTIONAL_FIELDS) known[field] = input[field];
  const plain = JSON.parse(JSON.stringify(redactSecrets(known))) as Record<string, unknown>;
  for (const field of OPTIONAL_FIELDS) {
    if (plain[field] === null) delete plain[field];
  }
  const entry = plain as unknown as AuditEntryInput;
  const wellFormed =
    typeof entry.event === 'string' &&
    typeof entry.operation === 'string' &&
    typeof entry.actor?.id === 'string' &&
    (entry.requestId === undefined || typeof entry.requestId === 'string') &&
    (entry.durationMs === undefined || typeof entry.durationMs === 'number');
  if (!wellFormed) {
    throw new OpsError(
      'AUDIT.INVALID_ENTRY',
      'An audit entry needs a string event, operation and actor.id; requestId must be a string, durationMs a number.',
    );
  }
  return entry;
}

/**
 * Builds the next entry of the chain after `prev` (undefined for the first), MACed with `key`. Refuses (nothing is
 * written) when the log continues with another key: a replica with a wrong or stale key must not fork the chain.
 */
export function sealAuditEntry(
  prev: ChainHead | undefined,
  input: AuditEntryInput,
  at: string,
  key: AuditKey,
): AuditEntry {
  return sealNormalized(prev, normalizeAuditInput(input), at, key).entry;
}

/** A sealed entry and the row that stores it. */
export interface SealedRecord {
  entry: AuditEntry;
  row: StoredAuditRow;
}

/**
 * sealAuditEntry for an input normalizeAuditInput already returned (the store normalizes each input once, when it is
 * appended), with the row to insert: its JSON columns are the canonical texts the MAC covers.
 */
export function sealNormalized(
  prev: ChainHead | undefined,
  input: AuditEntryInput,
  at: string,
  key: AuditKey,
): SealedRecord {
  if (prev?.nextKeyId !== undefined && prev.nextKeyId !== key.id) {
    throw new OpsError(
      'AUDIT.KEY_MISMATCH',
      `The audit log continues with key ${prev.nextKeyId} (after seq ${prev.seq}), but this process holds key ${key.id}, ` +
        'so nothing was written. Set BLOCKOPS_AUDIT_KEY (or _FILE, _COMMAND) to the key the log uses and start again.',
    );
  }
  const seq = (prev?.seq ?? 0) + 1;
  const prevHash = prev?.hash ?? GENESIS_HASH;
  const unsealed = { seq, at, prevHash, ...input, keyId: key.id };
  const columns = entryColumns(unsealed);
  const hash = key.mac(storedChainText(columns));
  return { entry: { ...unsealed, hash }, row: { ...columns, hash } };
}
