import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/core/audit/verify.js';
import type { AuditEntry, AuditEntryInput, Store } from '../../../src/core/store/types.js';
import { TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';
import { engines } from '../../helpers/store-engines.js';

const entry = (operation: string): AuditEntryInput => ({
  event: 'requested',
  actor: { id: 'U1', via: 'cli' },
  operation,
});

describe.each(engines('group_commit'))('concurrent audit appends on $name', (engine) => {
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    await engine.setup();
    [a, b] = await Promise.all([engine.open(), engine.open()]);
  });
  afterAll(() => engine.teardown());

  it('give every append its own seq, in call order per store, in one verifiable chain across two stores', async () => {
    const appendMany = (store: Store, label: string) =>
      Promise.all(Array.from({ length: 150 }, (_, i) => store.audit.append(entry(`${label}_${i}`))));
    const [fromA, fromB] = await Promise.all([appendMany(a, 'a'), appendMany(b, 'b')]);
    const all: AuditEntry[] = [...fromA, ...fromB];
    expect(all.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for (const mine of [fromA, fromB]) {
      const seqs = mine.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
    const stored: AuditEntry[] = [];
    for await (const e of a.audit.scan()) stored.push(e);
    expect(stored).toEqual([...all].sort((x, y) => x.seq - y.seq));
    const verified = await verifyAuditChain(a, { keys: [TEST_AUDIT_KEY] });
    expect(verified).toMatchObject({ ok: true, count: 300 });
  });
});
