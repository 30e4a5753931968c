import { toAuditEntry, toChainHead } from '../store/audit-rows.js';
import type { AuditEntry, Store, StoredAuditRow } from '../store/types.js';
import type { Anchor } from './anchors.js';
import { chainText, GENESIS_HASH, sha256Hex } from './hash.js';
import type { AuditKey } from './key.js';
import { jsonColumnsParse, storedChainText } from './record-text.js';
import { nextKeyIdAfter } from './seal.js';

export { canonicalJson, entryHash, GENESIS_HASH } from './hash.js';
export { type ChainHead, sealAuditEntry } from './seal.js';

export interface ChainBreak {
  /** The first record that does not check out (for a deletion: the first missing seq). */
  seq: number;
  reason: string;
}

export interface VerifiedLog {
  ok: true;
  count: number;
  lastHash: string;
  /** Records before the first keyed one (seq 1…legacy): hash-chained, but written before blockops had a key. */
  legacy: number;
  /** The keys that MACed the log, in order (more than one after a rotation). */
  keyIds: string[];
  /** Anchors matched against the log, and the one that reached furthest. */
  anchorsChecked: number;
  lastAnchor: Anchor | undefined;
}

export type VerifyResult =
  | VerifiedLog
  /** count: records that checked out before the break. */
  | { ok: false; count: number; firstBad: ChainBreak };

export interface VerifyOptions {
  /** The keys MACs are checked with: the current one and any a rotation retired. */
  keys: readonly AuditKey[];
  /** Anchors kept outside the database (see anchors.ts): the log must match each and reach the last. */
  anchors?: readonly Anchor[] | undefined;
  /** Called with the number of records checked so far: every `progressEvery` (default 1000) and at the end. */
  onProgress?: ((checked: number) => void) | undefined;
  progressEvery?: number | undefined;
  /** Rows read per query (default: the store's scan page). */
  pageSize?: number | undefined;
}

/**
 * Rows per query: enough to keep the per-query cost off a million-record check, few enough that a page dies young
 * (5000-row pages grew the heap by about 110 MiB on the first check, 1000-row pages by about 45, at the same speed).
 */
const VERIFY_PAGE = 1000;

/** The lowest seq the column can hold: verify reads from here so rows forged below 1 are seen too. */
const LOWEST_SEQ = -2_147_483_648;

/**
 * Checks entries one at a time, in seq order, keeping only the previous link: constant memory (plus the anchors).
 * Legacy (unkeyed) records are accepted only before the first keyed one; from then on each record must be MACed
 * with the key the chain says: the previous record's, or the new key a `key-rotated` record named.
 */
export class ChainVerifier {
  /** Records that checked out. */
  count = 0;
  lastHash = GENESIS_HASH;
  legacy = 0;
  readonly keyIds: string[] = [];
  anchorsChecked = 0;
  private expectedSeq = 1;
  /** Set once the first keyed record is seen. */
  private keyed = false;
  private nextKeyId: string | undefined;
  private readonly keys: Map<string, AuditKey>;
  private readonly anchors = new Map<number, Anchor[]>();
  private readonly lastAnchor: Anchor | undefined;
  /** Whether the last row's stored text was its canonical chain text (see rowHolds). */
  private storedTextIsCanonical = true;

  constructor(keys: readonly AuditKey[], anchors: readonly Anchor[] = []) {
    this.keys = new Map(keys.map((k) => [k.id, k]));
    let last: Anchor | undefined;
    for (const anchor of anchors) {
      this.anchors.set(anchor.seq, [...(this.anchors.get(anchor.seq) ?? []), anchor]);
      if (!last || anchor.seq > last.seq) last = anchor;
    }
    this.lastAnchor = last;
  }

  check(entry: AuditEntry): ChainBreak | undefined {
    return this.checkRecord(
      entry,
      entry.keyId,
      () => nextKeyIdAfter(entry),
      (holds) => holds(chainText(entry.prevHash, entry)),
    );
  }

  /**
   * check() of a stored row, without parsing it when its JSON columns hold the canonical text (as appends write
   * them): the MAC is checked over storedChainText first, else over the chain text rebuilt from the parsed record.
   */
  checkRow(row: StoredAuditRow): ChainBreak | undefined {
    return this.checkRecord(
      { seq: row.seq, prevHash: row.prev_hash, hash: row.hash },
      row.key_id ?? undefined,
      () => toChainHead(row)?.nextKeyId,
      (holds) => this.rowHolds(row, holds),
    );
  }

  /** Whether the link `holds` over the row's chain text; see checkRow. */
  private rowHolds(row: StoredAuditRow, holds: (text: string) => boolean): boolean {
    const stored = storedChainText(row);
    if (this.storedTextIsCanonical && holds(stored) && jsonColumnsParse(row)) return true;
    const canonical = rebuiltChainText(row);
    if (canonical === undefined) return false; // a JSON column that does not parse: edited
    // A log whose rows were written before the columns were canonical (or PostgreSQL's jsonb, which reorders keys)
    // takes the rebuilt text only, until a row's stored text is canonical again.
    this.storedTextIsCanonical = stored === canonical;
    return holds(canonical);
  }

  /**
   * The checks of one record. `link` checks its MAC or hash: it calls `holds` with the record's chain text (one or
   * more candidates) until one is true.
   */
  private checkRecord(
    entry: Pick<AuditEntry, 'seq' | 'prevHash' | 'hash'>,
    keyId: string | undefined,
    nextKeyId: () => string | undefined,
    link: (holds: (text: string) => boolean) => boolean,
  ): ChainBreak | undefined {
    const expected = this.expectedSeq;
    if (entry.seq < expected) {
      return { seq: entry.seq, reason: `unexpected seq ${entry.seq}: records are numbered 1, 2, 3… (forged record)` };
    }
    if (entry.seq > expected) {
      const missing = entry.seq - 1 > expected ? `seq ${expected}–${entry.seq - 1} are` : `seq ${expected} is`;
      return { seq: expected, reason: `${missing} missing (deleted): the next record is seq ${entry.seq}` };
    }
    if (entry.prevHash !== this.lastHash) {
      const previous = expected === 1 ? 'the genesis hash' : `the hash of seq ${expected - 1}`;
      return {
        seq: entry.seq,
        reason: `prevHash is not ${previous}: a record was removed, replaced, reordered or forged here`,
      };
    }
    const reason =
      keyId === undefined ? this.checkLegacy(entry.hash, link) : this.checkKeyed(entry.hash, keyId, nextKeyId, link);
    if (reason) return { seq: entry.seq, reason };
    for (const anchor of this.anchors.get(entry.seq) ?? []) {
      if (anchor.mac !== entry.hash) {
        return {
          seq: entry.seq,
          reason: `does not match the anchor written at ${anchor.at}: the log was rewritten up to here`,
        };
      }
      this.anchorsChecked++;
    }
    this.count++;
    this.lastHash = entry.hash;
    this.expectedSeq++;
    return undefined;
  }

  /** After the last record: the log must reach the furthest anchor. */
  finish(): ChainBreak | undefined {
    const anchor = this.lastAnchor;
    const last = this.expectedSeq - 1;
    if (!anchor || anchor.seq <= last) return undefined;
    return {
      seq: last + 1,
      reason:
        `the log ends at seq ${last} but the anchor at ${anchor.at} recorded seq ${anchor.seq}: ` +
        `records ${last + 1}–${anchor.seq} were cut off the end`,
    };
  }

  result(): VerifiedLog {
    return {
      ok: true,
      count: this.count,
      lastHash: this.lastHash,
      legacy: this.legacy,
      keyIds: [...this.keyIds],
      anchorsChecked: this.anchorsChecked,
      lastAnchor: this.lastAnchor,
    };
  }

  private checkLegacy(hash: string, link: (holds: (text: string) => boolean) => boolean): string | undefined {
    if (this.keyed) return 'has no MAC (a legacy record) after MACed records: forged, or downgraded to hide an edit';
    if (!link((text) => sha256Hex(text) === hash)) return 'hash does not match the contents: the record was edited';
    this.legacy++;
    return undefined;
  }

  private checkKeyed(
    hash: string,
    keyId: string,
    nextKeyId: () => string | undefined,
    link: (holds: (text: string) => boolean) => boolean,
  ): string | undefined {
    if (this.keyed && keyId !== this.nextKeyId) {
      return `is MACed with key ${keyId}, but the log continues with key ${this.nextKeyId ?? '(none)'}: forged with another key`;
    }
    const key = this.keys.get(keyId);
    if (!key) {
      return (
        `is MACed with key ${keyId}, which verify was not given: configure it (BLOCKOPS_AUDIT_KEY, or ` +
        'BLOCKOPS_AUDIT_RETIRED_KEYS for a key a rotation retired)'
      );
    }
    if (!link((text) => key.verify(text, hash))) {
      return 'MAC does not match the contents: the record was edited, or forged without the key';
    }
    this.keyed = true;
    this.nextKeyId = nextKeyId();
    if (this.keyIds[this.keyIds.length - 1] !== keyId) this.keyIds.push(keyId);
    return undefined;
  }
}

function rebuiltChainText(row: StoredAuditRow): string | undefined {
  try {
    return chainText(row.prev_hash, toAuditEntry(row));
  } catch {
    return undefined;
  }
}

/**
 * Streams the whole audit log through the chain check and names the first broken record: edited, deleted,
 * reordered, forged (also re-hashed: keyed records need the key), or, with anchors, cut off the end.
 */
export async function verifyAuditChain(store: Pick<Store, 'audit'>, options: VerifyOptions): Promise<VerifyResult> {
  const verifier = new ChainVerifier(options.keys, options.anchors);
  const every = Math.max(1, options.progressEvery ?? 1000);
  for await (const rows of store.audit.scanRows(LOWEST_SEQ, options.pageSize ?? VERIFY_PAGE)) {
    for (const row of rows) {
      const firstBad = verifier.checkRow(row);
      if (firstBad) return { ok: false, count: verifier.count, firstBad };
      if (options.onProgress && verifier.count % every === 0) options.onProgress(verifier.count);
    }
  }
  if (verifier.count === 0 || verifier.count % every !== 0) options.onProgress?.(verifier.count);
  const cut = verifier.finish();
  if (cut) return { ok: false, count: verifier.count, firstBad: cut };
  return verifier.result();
}
