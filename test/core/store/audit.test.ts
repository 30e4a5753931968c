import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/core/audit/verify.js';
import type { Actor } from '../../../src/core/people/actor.js';
import type { AuditEntry, AuditEntryInput, Store } from '../../../src/core/store/types.js';
import { TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';
import { engines } from '../../helpers/store-engines.js';

const alice: Actor = { id: 'U-alice', via: 'slack', displayName: 'Alice' };
const bot: Actor = { id: 'claude', via: 'mcp' };

function entry(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return { event: 'requested', actor: alice, operation: 'launch_server', ...overrides };
}

async function scanAll(store: Store, fromSeq?: number, pageSize?: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of store.audit.scan(fromSeq, pageSize)) out.push(e);
  return out;
}

describe.each(engines('audit'))('audit log on $name', (engine) => {
  let store: Store;
  let other: Store;

  beforeAll(async () => {
    await engine.setup();
    [store, other] = await Promise.all([engine.open(), engine.open()]);
  });
  afterAll(() => engine.teardown());
  beforeEach(() => engine.exec('delete from audit_log'));

  it('appends a linked entry and reads back exactly what it returned', async () => {
    const first = await store.audit.append(
      entry({
        requestId: 'req-1',
        input: { name: 'vm1', nested: { when: new Date('2030-01-01T00:00:00Z'), gone: undefined } },
        resources: { volume_id: 'vol-1', server_ids: ['s1', 's2'] },
        apiRequests: [
          { service: 'cinder', method: 'POST', url: 'http://x/v3/p/volumes', status: 202, requestId: 'req-abc' },
        ],
        durationMs: 12.5,
        details: { note: 'ok' },
      }),
    );
    expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64), event: 'requested', requestId: 'req-1' });
    expect(first.input).toEqual({ name: 'vm1', nested: { when: '2030-01-01T00:00:00.000Z' } });
    expect(first.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const second = await other.audit.append(entry({ event: 'failed', error: { code: 'X.Y', message: 'boom' } }));
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
    expect(await scanAll(store)).toEqual([first, second]);
  });

  it('redacts nested secrets before writing', async () => {
    const written = await store.audit.append(
      entry({
        input: { name: 'img', auth: { password: 'hunter2', nested: [{ applicationCredentialSecret: 's3' }] } },
        details: { headers: { 'X-Auth-Token': 'gAAAA', Accept: 'json' } },
      }),
    );
    const [stored] = await scanAll(store);
    expect(stored).toEqual(written);
    expect(stored!.input).toEqual({
      name: 'img',
      auth: { password: '[redacted]', nested: [{ applicationCredentialSecret: '[redacted]' }] },
    });
    expect(stored!.details).toEqual({ headers: { 'X-Auth-Token': '[redacted]', Accept: 'json' } });
    expect(JSON.stringify(stored)).not.toMatch(/hunter2|gAAAA|"s3"/);
  });

  it('keeps one gap-free chain when two stores append 200 entries each at once', async () => {
    const appends = Array.from({ length: 200 }, (_, i) => [
      store.audit.append(entry({ operation: 'from_a', details: { i } })),
      other.audit.append(entry({ operation: 'from_b', details: { i } })),
    ]).flat();
    const written = await Promise.all(appends);
    expect(written.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    const scanned = await scanAll(store, 1, 64);
    expect(scanned.map((e) => e.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(scanned.filter((e) => e.operation === 'from_a')).toHaveLength(200);
    expect(await verifyAuditChain(other, { keys: [TEST_AUDIT_KEY] })).toMatchObject({ ok: true, count: 400 });
    expect(await store.audit.query({})).toHaveLength(100);
    expect(await store.audit.query({ limit: 5000 })).toHaveLength(400);
  });

  it('queries by actor, operation, event, resource and time, newest first', async () => {
    await store.audit.append(entry({ requestId: 'req-1', resources: { image_id: 'img-1' } }));
    await store.audit.append(
      entry({ event: 'started', requestId: 'req-1', resources: { volume_ids: ['vol-1', 'vol-2'] } }),
    );
    await store.audit.append(entry({ actor: bot, operation: 'upload_image', resources: { image_id: 'img-2' } }));
    const seqs = (entries: AuditEntry[]) => entries.map((e) => e.seq);

    expect(seqs(await store.audit.query({}))).toEqual([3, 2, 1]);
    expect(seqs(await store.audit.query({ actor: 'claude' }))).toEqual([3]);
    expect(seqs(await store.audit.query({ operation: 'launch_server' }))).toEqual([2, 1]);
    expect(seqs(await store.audit.query({ event: 'started' }))).toEqual([2]);
    expect(seqs(await store.audit.query({ resource: 'req-1' }))).toEqual([2, 1]);
    expect(seqs(await store.audit.query({ resource: 'vol-2' }))).toEqual([2]);
    expect(seqs(await store.audit.query({ resource: 'img-2' }))).toEqual([3]);
    expect(seqs(await store.audit.query({ resource: 'vol' }))).toEqual([]);
    expect(seqs(await store.audit.query({ limit: 1 }))).toEqual([3]);

    const all = await scanAll(store);
    expect(seqs(await store.audit.query({ since: all[1]!.at, until: '2999-01-01T00:00:00Z' }))).toEqual(
      all
        .filter((e) => e.at >= all[1]!.at)
        .map((e) => e.seq)
        .reverse(),
    );
    expect(await store.audit.query({ until: all[0]!.at })).toEqual([]);
  });

  it('scans in seq order from any point, in pages', async () => {
    for (let i = 0; i < 20; i++) await store.audit.append(entry({ details: { i } }));
    expect((await scanAll(store, 1, 7)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await scanAll(store, 15, 2)).map((e) => e.seq)).toEqual([15, 16, 17, 18, 19, 20]);
    expect(await scanAll(store, 21)).toEqual([]);
  });

  it('writes nothing and says so when an append fails', async () => {
    await store.audit.append(entry());
    const trigger =
      engine.name === 'sqlite'
        ? `create trigger refuse_boom before insert on audit_log when new.operation = 'boom'
           begin select raise(abort, 'refused by test trigger'); end;`
        : `create function refuse_boom() returns trigger language plpgsql as $$
             begin if new.operation = 'boom' then raise exception 'refused by test trigger'; end if; return new; end $$;
           create trigger refuse_boom before insert on audit_log for each row execute function refuse_boom();`;
    await engine.exec(trigger);
    try {
      await expect(store.audit.append(entry({ operation: 'boom' }))).rejects.toMatchObject({
        code: 'AUDIT.WRITE_FAILED',
        message: expect.stringContaining('must not proceed'),
      });
    } finally {
      await engine.exec(
        engine.name === 'sqlite'
          ? 'drop trigger refuse_boom'
          : 'drop trigger refuse_boom on audit_log; drop function refuse_boom();',
      );
    }
    expect(await scanAll(store)).toHaveLength(1);
    expect((await store.audit.append(entry())).seq).toBe(2);
    expect(await verifyAuditChain(store, { keys: [TEST_AUDIT_KEY] })).toMatchObject({ ok: true, count: 2 });
  });

  it('rejects a malformed entry before writing anything', async () => {
    const bad = { event: 'requested', operation: 'x', actor: {} } as unknown as AuditEntryInput;
    await expect(store.audit.append(bad)).rejects.toMatchObject({ code: 'AUDIT.INVALID_ENTRY' });
    expect(await scanAll(store)).toEqual([]);
  });
});
