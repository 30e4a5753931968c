import { entryHash, GENESIS_HASH } from '../../src/core/audit/hash.js';
import { type AuditKey, auditKeyFromText } from '../../src/core/audit/key.js';
import { type ChainHead, normalizeAuditInput, sealAuditEntry } from '../../src/core/audit/seal.js';
import { toAuditRow } from '../../src/core/store/audit-rows.js';
import type { AuditEntry, AuditEntryInput } from '../../src/core/store/types.js';

/** The audit key test stores are opened with (test/helpers/store-engines.ts), and a second one. */
export const TEST_AUDIT_KEY: AuditKey = auditKeyFromText('test-audit-key-0123456789abcdef0123456789');
export const OTHER_AUDIT_KEY: AuditKey = auditKeyFromText('other-audit-key-0123456789abcdef012345678');

/** A valid chain of `count` entries built in memory from one template, for tests and benchmarks of hashing and verify. */
export function* syntheticChain(
  count: number,
  template: AuditEntryInput,
  key: AuditKey = TEST_AUDIT_KEY,
  at = new Date(0),
): Generator<AuditEntry> {
  let head: ChainHead | undefined;
  for (let i = 0; i < count; i++) {
    const entry = sealAuditEntry(head, template, new Date(at.getTime() + i).toISOString(), key);
    head = { ...entry, nextKeyId: entry.keyId };
    yield entry;
  }
}

/** Unkeyed records as blockops wrote them before it had an audit key (sha256 links, no keyId). */
export function legacyChain(count: number, template: AuditEntryInput): AuditEntry[] {
  const chain: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const unsealed = { seq, at: new Date(seq).toISOString(), prevHash, ...normalizeAuditInput(template) };
    const entry = { ...unsealed, hash: entryHash(prevHash, unsealed) };
    chain.push(entry);
    prevHash = entry.hash;
  }
  return chain;
}

/** An INSERT of `entry` as raw SQL (both engines), for tests that write behind the store's back. */
export function insertAuditSql(entry: AuditEntry): string {
  const row = toAuditRow(entry) as Record<string, unknown>;
  const literal = (v: unknown) =>
    v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  const columns = Object.keys(row);
  return `insert into audit_log (${columns.join(', ')}) values (${columns.map((c) => literal(row[c])).join(', ')})`;
}
