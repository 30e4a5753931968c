import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { entryHash } from '../../../src/core/audit/hash.js';
import { ChainVerifier, verifyAuditChain } from '../../../src/core/audit/verify.js';
import type { AuditEntry, Store } from '../../../src/core/store/types.js';
import { syntheticChain, TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';
import { engines } from '../../helpers/store-engines.js';

describe('ChainVerifier', () => {
  it('accepts a chain built in memory and rejects it once an entry changes', () => {
    const chain = [...syntheticChain(50, { event: 'started', actor: { id: 'u', via: 'cli' }, operation: 'op' })];
    const verifier = new ChainVerifier([TEST_AUDIT_KEY]);
    for (const entry of chain) expect(verifier.check(entry)).toBeUndefined();
    expect(verifier.count).toBe(50);
    expect(verifier.lastHash).toBe(chain[49]!.hash);

    const tampered = new ChainVerifier([TEST_AUDIT_KEY]);
    const edited = chain.map((e) => (e.seq === 7 ? { ...e, operation: 'other' } : e));
    const breaks = edited.map((e) => tampered.check(e)).filter((b) => b !== undefined);
    expect(breaks[0]).toEqual({ seq: 7, reason: expect.stringContaining('edited') });
    expect(breaks[0]!.reason).toMatch(/MAC does not match/);
  });
});

describe.each(engines('verify'))('verifyAuditChain on $name', (engine) => {
  let store: Store;
  let written: AuditEntry[] = [];

  beforeAll(async () => {
    await engine.setup();
    store = await engine.open();
  });
  afterAll(() => engine.teardown());
  beforeEach(async () => {
    await engine.exec('delete from audit_log');
    written = [];
    for (let i = 1; i <= 6; i++) {
      written.push(
        await store.audit.append({
          event: i % 2 ? 'requested' : 'succeeded',
          actor: { id: `U${i}`, via: 'slack' },
          operation: 'clone_volume',
          requestId: `req-${i}`,
          input: { size_gb: i * 10 },
          resources: { volume_id: `vol-${i}` },
        }),
      );
    }
  });

  /** The page size of 2 makes each break cross a page boundary somewhere. */
  const verify = () => verifyAuditChain(store, { keys: [TEST_AUDIT_KEY], pageSize: 2 });

  it('passes an intact chain and reports progress', async () => {
    const progress: number[] = [];
    const result = await verifyAuditChain(store, {
      keys: [TEST_AUDIT_KEY],
      onProgress: (n) => progress.push(n),
      progressEvery: 2,
    });
    expect(result).toEqual({
      ok: true,
      count: 6,
      lastHash: written[5]!.hash,
      legacy: 0,
      keyIds: [TEST_AUDIT_KEY.id],
      anchorsChecked: 0,
      lastAnchor: undefined,
    });
    expect(progress).toEqual([2, 4, 6]);
    const odd: number[] = [];
    await verifyAuditChain(store, { keys: [TEST_AUDIT_KEY], onProgress: (n) => odd.push(n), progressEvery: 4 });
    expect(odd).toEqual([4, 6]);
  });

  it('names an edited column', async () => {
    await engine.exec("update audit_log set operation = 'delete_volume' where seq = 3");
    expect(await verify()).toEqual({
      ok: false,
      count: 2,
      firstBad: { seq: 3, reason: expect.stringMatching(/edited/) },
    });
  });

  it('names an edited value inside a JSON column', async () => {
    await engine.exec(`update audit_log set input = '{"size_gb":999}' where seq = 4`);
    expect(await verify()).toMatchObject({
      ok: false,
      count: 3,
      firstBad: { seq: 4, reason: expect.stringMatching(/edited/) },
    });
  });

  it('names a deleted record by its missing seq', async () => {
    await engine.exec('delete from audit_log where seq = 3');
    expect(await verify()).toEqual({
      ok: false,
      count: 2,
      firstBad: { seq: 3, reason: expect.stringMatching(/missing/) },
    });
  });

  it('notices the first record deleted', async () => {
    await engine.exec('delete from audit_log where seq = 1');
    expect(await verify()).toMatchObject({
      ok: false,
      count: 0,
      firstBad: { seq: 1, reason: expect.stringMatching(/missing/) },
    });
  });

  it('notices a deletion hidden by renumbering', async () => {
    await engine.exec('delete from audit_log where seq = 3; update audit_log set seq = seq - 1 where seq > 3');
    expect(await verify()).toMatchObject({
      ok: false,
      count: 2,
      firstBad: { seq: 3, reason: expect.stringMatching(/prevHash/) },
    });
  });

  it('names two records swapped (reordered)', async () => {
    await engine.exec(
      'update audit_log set seq = -seq where seq in (3, 4); ' +
        'update audit_log set seq = case seq when -3 then 4 else 3 end where seq < 0',
    );
    expect(await verify()).toMatchObject({
      ok: false,
      count: 2,
      firstBad: { seq: 3, reason: expect.stringMatching(/prevHash/) },
    });
  });

  it('names two records whose contents were swapped', async () => {
    await engine.exec(
      'update audit_log set input = (select input from audit_log a where a.seq = 5 - audit_log.seq + 4) where seq in (4, 5)',
    );
    const stored = [];
    for await (const e of store.audit.scan()) stored.push(e);
    expect(stored[3]!.input).toEqual({ size_gb: 50 });
    expect(await verify()).toMatchObject({
      ok: false,
      count: 3,
      firstBad: { seq: 4, reason: expect.stringMatching(/edited/) },
    });
  });

  it('names a forged record appended with a wrong prevHash', async () => {
    const forged = {
      seq: 7,
      at: '2030-01-01T00:00:00.000Z',
      prevHash: 'f'.repeat(64),
      event: 'succeeded' as const,
      actor: { id: 'mallory', via: 'cli' as const },
      operation: 'delete_volume',
    };
    await engine.exec(
      'insert into audit_log (seq, at, prev_hash, hash, event, actor, operation) values ' +
        `(7, '${forged.at}', '${forged.prevHash}', '${entryHash(forged.prevHash, forged)}', 'succeeded', ` +
        `'{"id":"mallory","via":"cli"}', 'delete_volume')`,
    );
    expect(await verify()).toEqual({
      ok: false,
      count: 6,
      firstBad: { seq: 7, reason: expect.stringMatching(/prevHash/) },
    });
  });

  it('names a forged record linked correctly but with a made-up hash', async () => {
    await engine.exec(
      'insert into audit_log (seq, at, prev_hash, hash, event, actor, operation) values ' +
        `(7, '2030-01-01T00:00:00.000Z', '${written[5]!.hash}', '${'a'.repeat(64)}', 'succeeded', ` +
        `'{"id":"mallory","via":"cli"}', 'delete_volume')`,
    );
    expect(await verify()).toMatchObject({ ok: false, count: 6, firstBad: { seq: 7 } });
  });

  it('sees a record forged below seq 1', async () => {
    await engine.exec(
      'insert into audit_log (seq, at, prev_hash, hash, event, actor, operation) values ' +
        `(0, '2030-01-01T00:00:00.000Z', '${'0'.repeat(64)}', '${'b'.repeat(64)}', 'succeeded', '{"id":"m","via":"cli"}', 'x')`,
    );
    expect(await verify()).toMatchObject({
      ok: false,
      count: 0,
      firstBad: { seq: 0, reason: expect.stringMatching(/unexpected/) },
    });
  });

  it('passes an empty log', async () => {
    await engine.exec('delete from audit_log');
    expect(await verify()).toMatchObject({ ok: true, count: 0, lastHash: '0'.repeat(64), legacy: 0 });
  });
});
