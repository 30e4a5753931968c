import type { AuditEntry, Store } from '../store/types.js';
import { entryHash, GENESIS_HASH } from './hash.js';

export { canonicalJson, entryHash, GENESIS_HASH } from './hash.js';
export { type ChainHead, sealAuditEntry } from './seal.js';

export interface ChainBreak {
  /** The first record that does not check out (for a deletion: the first missing seq). */
  seq: number;
  reason: string;
}

export type VerifyResult =
  | { ok: true; count: number; lastHash: string }
  /** count: records that checked out before the break. */
  | { ok: false; count: number; firstBad: ChainBreak };

export interface VerifyOptions {
  /** Called with the number of records checked so far: every `progressEvery` (default 1000) and at the end. */
  onProgress?: ((checked: number) => void) | undefined;
  progressEvery?: number | undefined;
  /** Rows read per query (default: the store's scan page). */
  pageSize?: number | undefined;
}

/** The lowest seq the column can hold: verify reads from here so rows forged below 1 are seen too. */
const LOWEST_SEQ = -2_147_483_648;

/** Checks entries one at a time, in seq order, keeping only the previous hash: constant memory. */
export class ChainVerifier {
  /** Records that checked out. */
  count = 0;
  lastHash = GENESIS_HASH;
  private expectedSeq = 1;

  check(entry: AuditEntry): ChainBreak | undefined {
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
    if (entryHash(entry.prevHash, entry) !== entry.hash) {
      return { seq: entry.seq, reason: 'hash does not match the contents: the record was edited' };
    }
    this.count++;
    this.lastHash = entry.hash;
    this.expectedSeq++;
    return undefined;
  }
}

/**
 * Streams the whole audit log through the chain check and names the first broken record. Catches edited,
 * deleted, reordered and forged records. It cannot see records cut off the end: compare `count`/`lastHash`
 * with a value kept elsewhere for that.
 */
export async function verifyAuditChain(
  store: Pick<Store, 'audit'>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  const every = Math.max(1, options.progressEvery ?? 1000);
  for await (const entry of store.audit.scan(LOWEST_SEQ, options.pageSize)) {
    const firstBad = verifier.check(entry);
    if (firstBad) return { ok: false, count: verifier.count, firstBad };
    if (options.onProgress && verifier.count % every === 0) options.onProgress(verifier.count);
  }
  if (verifier.count === 0 || verifier.count % every !== 0) options.onProgress?.(verifier.count);
  return { ok: true, count: verifier.count, lastHash: verifier.lastHash };
}
