import { type ChainHead, sealAuditEntry } from '../../src/core/audit/seal.js';
import type { AuditEntry, AuditEntryInput } from '../../src/core/store/types.js';

/** A valid chain of `count` entries built in memory from one template, for tests and benchmarks of hashing and verify. */
export function* syntheticChain(count: number, template: AuditEntryInput, at = new Date(0)): Generator<AuditEntry> {
  let head: ChainHead | undefined;
  for (let i = 0; i < count; i++) {
    const entry = sealAuditEntry(head, template, new Date(at.getTime() + i).toISOString());
    head = entry;
    yield entry;
  }
}
