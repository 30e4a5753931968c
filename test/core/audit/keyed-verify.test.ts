import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Anchorer } from '../../../src/core/audit/anchorer.js';
import { readAnchors } from '../../../src/core/audit/anchors.js';
import { entryHash, entryMac } from '../../../src/core/audit/hash.js';
import { rotateAuditKey } from '../../../src/core/audit/rotate.js';
import { verifyAuditChain } from '../../../src/core/audit/verify.js';
import type { Actor } from '../../../src/core/people/actor.js';
import type { AuditEntry, AuditEntryInput, Store } from '../../../src/core/store/types.js';
import { createLogger } from '../../../src/log.js';
import { insertAuditSql, legacyChain, OTHER_AUDIT_KEY, TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';
import { engines } from '../../helpers/store-engines.js';

const bob: Actor = { id: 'bob', via: 'cli' };
const alice: Actor = { id: 'alice', via: 'slack' };
const mallory: Actor = { id: 'mallory', via: 'cli' };

/** One approved request's life, as the engine records it. */
const LIFE: AuditEntryInput[] = [
  { event: 'requested', actor: bob, operation: 'clone_image', requestId: 'req-1', input: { image: 'cirros' } },
  { event: 'approved', actor: alice, operation: 'clone_image', requestId: 'req-1' },
  { event: 'started', actor: bob, operation: 'clone_image', requestId: 'req-1' },
  { event: 'succeeded', actor: bob, operation: 'clone_image', requestId: 'req-1', resources: { volume_id: 'v-1' } },
];

describe.each(engines('keyed'))('keyed audit chain on $name', (engine) => {
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    await engine.setup();
    store = await engine.open();
    dir = mkdtempSync(join(tmpdir(), 'blockops-anchors-'));
  });
  afterAll(async () => {
    await engine.teardown();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => engine.exec('delete from audit_log'));

  const keys = [TEST_AUDIT_KEY];
  const scan = async () => {
    const all: AuditEntry[] = [];
    for await (const e of store.audit.scan()) all.push(e);
    return all;
  };
  const appendLife = async (s: Store = store) => {
    for (const input of LIFE) await s.audit.append(input);
  };
  /** What a database writer without the key does: edit one record, then re-link every later one with entryHash. */
  const rewriteFrom = async (seq: number, edit: (e: AuditEntry) => AuditEntry, downgrade = false) => {
    const all = await scan();
    let prevHash = all.find((e) => e.seq === seq - 1)?.hash ?? '0'.repeat(64);
    const rewritten = all
      .filter((e) => e.seq >= seq)
      .map((e) => {
        const { keyId, ...rest } = e.seq === seq ? edit(e) : e;
        const unsealed = downgrade ? { ...rest, prevHash } : { ...rest, keyId, prevHash };
        const next = { ...unsealed, hash: entryHash(prevHash, unsealed) };
        prevHash = next.hash;
        return next;
      });
    await engine.exec(
      [`delete from audit_log where seq >= ${seq}`, ...rewritten.map((e) => insertAuditSql(e))].join('; '),
    );
  };

  it('MACs each record with the key and names it', async () => {
    await appendLife();
    const all = await scan();
    expect(all.map((e) => e.keyId)).toEqual(LIFE.map(() => TEST_AUDIT_KEY.id));
    for (const e of all) expect(e.hash).toBe(entryMac(TEST_AUDIT_KEY, e.prevHash, e));
    expect(await verifyAuditChain(store, { keys })).toMatchObject({ ok: true, count: 4, legacy: 0 });
  });

  it('refuses an approver changed and the later records re-hashed with blockops’ hash function', async () => {
    await appendLife();
    await rewriteFrom(2, (e) => ({ ...e, actor: mallory }));
    expect((await scan())[1]!.actor).toEqual(mallory);
    expect(await verifyAuditChain(store, { keys })).toEqual({
      ok: false,
      count: 1,
      firstBad: { seq: 2, reason: expect.stringMatching(/^MAC does not match the contents/) },
    });
  });

  it('refuses the same rewrite passed off as legacy records after keyed ones', async () => {
    await appendLife();
    await rewriteFrom(2, (e) => ({ ...e, actor: mallory }), true);
    expect(await verifyAuditChain(store, { keys })).toMatchObject({
      ok: false,
      firstBad: { seq: 2, reason: expect.stringMatching(/no MAC \(a legacy record\) after MACed records/) },
    });
  });

  it('notices records cut off the end through the anchors, and a whole log rewritten as legacy', async () => {
    const file = join(dir, `${engine.name}-cut.jsonl`);
    const anchorer = new Anchorer({ file, every: 3, seconds: 3600, log: createLogger('silent') });
    const anchored = await engine.open({ onAuditAppend: anchorer.noted });
    await appendLife(anchored);
    await appendLife(anchored);
    await anchorer.close(); // a clean shutdown anchors the last record (seq 8)
    const anchors = (await readAnchors(file))!;
    expect(anchors.map((a) => a.seq)).toEqual([3, 6, 8]);
    const all = await scan();
    for (const a of anchors) expect(a.mac).toBe(all[a.seq - 1]!.hash);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(await verifyAuditChain(store, { keys, anchors })).toMatchObject({ ok: true, anchorsChecked: 3 });

    await engine.exec('delete from audit_log where seq > 5');
    expect(await verifyAuditChain(store, { keys })).toMatchObject({ ok: true, count: 5 }); // unseen without anchors
    expect(await verifyAuditChain(store, { keys, anchors })).toEqual({
      ok: false,
      count: 5,
      firstBad: {
        seq: 6,
        reason: `the log ends at seq 5 but the anchor at ${anchors[2]!.at} recorded seq 8: records 6–8 were cut off the end`,
      },
    });

    await rewriteFrom(1, (e) => e, true); // every record unkeyed and re-hashed: a consistent legacy log
    expect(await verifyAuditChain(store, { keys })).toMatchObject({ ok: true, legacy: 5 });
    expect(await verifyAuditChain(store, { keys, anchors })).toMatchObject({
      ok: false,
      firstBad: { seq: 3, reason: expect.stringMatching(/does not match the anchor written at/) },
    });
  });

  it('follows a key rotation, and refuses the retired key after it', async () => {
    await appendLife();
    const rotation = await rotateAuditKey(store, TEST_AUDIT_KEY, OTHER_AUDIT_KEY, bob);
    expect(rotation).toMatchObject({ seq: 5, event: 'key-rotated', keyId: TEST_AUDIT_KEY.id });
    expect(rotation.details).toEqual({ newKeyId: OTHER_AUDIT_KEY.id, oldKeyId: TEST_AUDIT_KEY.id });
    await expect(store.audit.append(LIFE[0]!)).rejects.toMatchObject({
      code: 'AUDIT.KEY_MISMATCH',
      message: expect.stringContaining(`continues with key ${OTHER_AUDIT_KEY.id}`),
    });
    const rotated = await engine.open({ auditKey: OTHER_AUDIT_KEY });
    await appendLife(rotated);
    const both = [OTHER_AUDIT_KEY, TEST_AUDIT_KEY];
    expect(await verifyAuditChain(store, { keys: both })).toMatchObject({
      ok: true,
      count: 9,
      keyIds: [TEST_AUDIT_KEY.id, OTHER_AUDIT_KEY.id],
    });
    expect(await verifyAuditChain(store, { keys: [OTHER_AUDIT_KEY] })).toMatchObject({
      ok: false,
      count: 0,
      firstBad: { seq: 1, reason: expect.stringMatching(/which verify was not given.*BLOCKOPS_AUDIT_RETIRED_KEYS/) },
    });

    // A holder of the retired key forges a record after the rotation: properly linked and MACed, by the old key.
    const last = (await scan()).at(-1)!;
    const forged = { seq: 10, at: last.at, prevHash: last.hash, ...LIFE[1]!, actor: mallory, keyId: TEST_AUDIT_KEY.id };
    await engine.exec(insertAuditSql({ ...forged, hash: entryMac(TEST_AUDIT_KEY, last.hash, forged) }));
    expect(await verifyAuditChain(store, { keys: both })).toMatchObject({
      ok: false,
      count: 9,
      firstBad: { seq: 10, reason: expect.stringMatching(/continues with key .*: forged with another key/) },
    });
  });

  it('verifies an unkeyed prefix as legacy and chains the first keyed record to it', async () => {
    const legacy = legacyChain(3, LIFE[0]!);
    await engine.exec(legacy.map((e) => insertAuditSql(e)).join('; '));
    await appendLife();
    const all = await scan();
    expect(all.map((e) => e.keyId)).toEqual([undefined, undefined, undefined, ...LIFE.map(() => TEST_AUDIT_KEY.id)]);
    expect(all[3]!.prevHash).toBe(legacy[2]!.hash);
    expect(await verifyAuditChain(store, { keys })).toMatchObject({ ok: true, count: 7, legacy: 3 });

    await engine.exec(`update audit_log set operation = 'delete_volume' where seq = 2`);
    expect(await verifyAuditChain(store, { keys })).toMatchObject({
      ok: false,
      firstBad: { seq: 2, reason: expect.stringMatching(/edited/) },
    });
  });

  it('refuses a record MACed with another key, and a process holding another key writes nothing', async () => {
    await appendLife();
    const other = await engine.open({ auditKey: OTHER_AUDIT_KEY });
    await expect(other.audit.append(LIFE[0]!)).rejects.toMatchObject({ code: 'AUDIT.KEY_MISMATCH' });
    expect(await scan()).toHaveLength(4);

    const last = (await scan()).at(-1)!;
    const forged = { seq: 5, at: last.at, prevHash: last.hash, ...LIFE[1]!, actor: mallory };
    // Under its own key id…
    const own = { ...forged, keyId: OTHER_AUDIT_KEY.id };
    await engine.exec(insertAuditSql({ ...own, hash: entryMac(OTHER_AUDIT_KEY, last.hash, own) }));
    const bothKeys = [TEST_AUDIT_KEY, OTHER_AUDIT_KEY];
    expect(await verifyAuditChain(store, { keys: bothKeys })).toMatchObject({
      ok: false,
      count: 4,
      firstBad: { seq: 5, reason: expect.stringMatching(/MACed with key .*, but the log continues with key/) },
    });
    // …and claiming the log's key id.
    const claimed = { ...forged, keyId: TEST_AUDIT_KEY.id };
    await engine.exec(
      `delete from audit_log where seq = 5; ${insertAuditSql({ ...claimed, hash: entryMac(OTHER_AUDIT_KEY, last.hash, claimed) })}`,
    );
    expect(await verifyAuditChain(store, { keys: bothKeys })).toMatchObject({
      ok: false,
      count: 4,
      firstBad: { seq: 5, reason: expect.stringMatching(/^MAC does not match/) },
    });
  });
});
