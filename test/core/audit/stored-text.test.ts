import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chainText, GENESIS_HASH } from '../../../src/core/audit/hash.js';
import { hmacSha256 } from '../../../src/core/audit/key.js';
import { entryColumns, storedChainText } from '../../../src/core/audit/record-text.js';
import { verifyAuditChain } from '../../../src/core/audit/verify.js';
import type { AuditEntry, Store } from '../../../src/core/store/types.js';
import { TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';
import { engines } from '../../helpers/store-engines.js';

describe('hmacSha256', () => {
  it('gives what createHmac gives, for texts and bytes of any length, and keys of any length', () => {
    const texts = ['', 'a', 'é€😀 \u0000 "quoted"', 'x'.repeat(63), 'y'.repeat(64), 'z'.repeat(5000), '\ud800 lone'];
    for (const secret of [Buffer.alloc(32, 7), Buffer.alloc(64, 9), Buffer.from('k'.repeat(200))]) {
      const mac = hmacSha256(secret);
      for (const text of texts) {
        expect(mac(text).toString('hex')).toBe(createHmac('sha256', secret).update(text).digest('hex'));
        const bytes = Buffer.from(text);
        expect(mac(bytes)).toEqual(createHmac('sha256', secret).update(bytes).digest());
      }
    }
  });
});

describe('storedChainText', () => {
  it('of an entry’s columns is the entry’s chain text', () => {
    const base = { seq: 4, at: '2026-01-02T03:04:05.678Z', prevHash: GENESIS_HASH, keyId: 'k1' };
    const entries = [
      { ...base, event: 'requested' as const, actor: { via: 'cli' as const, id: 'U1' }, operation: 'op' },
      {
        ...base,
        event: 'failed' as const,
        actor: { id: 'U"2\\', via: 'slack' as const, name: 'Zoë 😀' },
        operation: 'clone_volume',
        requestId: 'req-1',
        input: { z: [1, { b: null, a: 'x\n' }], a: 1.5e-7 },
        resources: { volume_id: 'v', server_ids: ['s2', 's1'] },
        apiRequests: [{ url: 'http://h/v3', service: 'cinder', method: 'POST', status: 500, requestId: 'r' }],
        durationMs: 12.25,
        error: { message: 'boom', code: 'X.Y' },
        details: { reason: '\u2028', nested: { '': 0, é: true } },
      },
      {
        seq: 1,
        at: base.at,
        prevHash: GENESIS_HASH,
        event: 'started' as const,
        actor: { id: 'U3', via: 'mcp' as const },
        operation: 'o',
      },
    ];
    for (const entry of entries) {
      expect(storedChainText(entryColumns(entry))).toBe(chainText(entry.prevHash, entry));
    }
  });
});

describe.each(engines('stored-text'))('verify over stored text on $name', (engine) => {
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
    for (let i = 1; i <= 4; i++) {
      written.push(
        await store.audit.append({
          event: 'succeeded',
          actor: { id: `U${i}`, via: 'slack' },
          operation: 'clone_volume',
          input: { size_gb: i * 10, name: `vol ${i}` },
          apiRequests: [{ service: 'cinder', method: 'POST', url: 'http://c/v3/volumes', status: 202 }],
        }),
      );
    }
  });

  const verify = () => verifyAuditChain(store, { keys: [TEST_AUDIT_KEY], pageSize: 3 });

  it('passes JSON columns whose text is not canonical (older rows), and names an edit hidden in one', async () => {
    await engine.exec(`update audit_log set input = '{"name":"vol 2","size_gb":20}' where seq = 2`);
    await engine.exec(`update audit_log set input = '{"size_gb":30,  "name":"vol 3"}' where seq = 3`);
    expect(await verify()).toMatchObject({ ok: true, count: 4 });
    await engine.exec(`update audit_log set input = '{"size_gb":99,"name":"vol 3"}' where seq = 3`);
    expect(await verify()).toEqual({
      ok: false,
      count: 2,
      firstBad: { seq: 3, reason: expect.stringMatching(/MAC does not match/) },
    });
  });

  it('names a record whose JSON text was moved into the column before it (same bytes in a row)', async () => {
    if (engine.name === 'postgres') return; // jsonb refuses the half values outright
    await store.audit.append({
      event: 'failed',
      actor: { id: 'U5', via: 'cli' },
      operation: 'clone_volume',
      error: { code: 'E', message: 'm' },
      details: { left: 'behind' },
    });
    await engine.exec(`update audit_log set details = details || ',"error":' || error, error = null where seq = 5`);
    expect(await verify()).toEqual({
      ok: false,
      count: 4,
      firstBad: { seq: 5, reason: expect.stringMatching(/MAC does not match/) },
    });
  });

  it('chains after the rows that are left when the log was cut back, and after another store’s appends', async () => {
    await engine.exec('delete from audit_log where seq = 4');
    const again = await store.audit.append({ event: 'started', actor: { id: 'U9', via: 'cli' }, operation: 'op' });
    expect(again).toMatchObject({ seq: 4, prevHash: written[2]!.hash });
    const other = await engine.open();
    expect(
      await other.audit.append({ event: 'started', actor: { id: 'U8', via: 'cli' }, operation: 'op' }),
    ).toMatchObject({
      seq: 5,
      prevHash: again.hash,
    });
    expect(
      await store.audit.append({ event: 'started', actor: { id: 'U9', via: 'cli' }, operation: 'op' }),
    ).toMatchObject({
      seq: 6,
    });
    expect(await verify()).toMatchObject({ ok: true, count: 6 });
  });
});
