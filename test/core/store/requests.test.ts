import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/people/actor.js';
import type { Approval, NewRequest, RequestRow, Store } from '../../../src/core/store/types.js';
import { engines } from '../../helpers/store-engines.js';

const alice: Actor = { id: 'U-alice', via: 'slack', displayName: 'Alice', team: 'T1' };
const bob: Actor = { id: 'U-bob', via: 'slack' };
const carol: Actor = { id: 'mcp-carol', via: 'mcp' };

function newRequest(id: string, overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    id,
    operation: 'launch_server',
    input: { name: `vm-${id}`, size_gb: 20, tags: ['a', 'b'] },
    requester: alice,
    preview: `Launch vm-${id}`,
    approverGroup: 'storage-admins',
    approvalsRequired: 1,
    expiresAt: '2099-01-01T00:00:00.000Z',
    state: 'pending',
    digest: `digest-${id}`,
    ...overrides,
  };
}

const approval = (actor: Actor, comment?: string): Approval => ({ actor, at: '2030-05-01T10:00:00.000Z', comment });

/** Adds an approval the way the approvals desk does: with its audit record in the same transaction. */
const approve = (on: Store, id: string, given: Approval) =>
  on.requests.addApprovalAudited(id, given, (row) => ({
    event: 'approved',
    actor: given.actor,
    operation: row.operation,
    requestId: row.id,
  }));

const approvedRecords = async (on: Store, requestId: string) =>
  (await on.audit.query({ resource: requestId, event: 'approved' })).length;

describe.each(engines('requests'))('requests on $name', (engine) => {
  /** Several Store instances on one database: separate connections, as separate processes would have. */
  let stores: Store[] = [];
  let store: Store;

  beforeAll(async () => {
    await engine.setup();
    stores = await Promise.all(Array.from({ length: engine.name === 'postgres' ? 5 : 2 }, () => engine.open()));
    store = stores[0]!;
  });
  afterAll(() => engine.teardown());
  beforeEach(() => engine.exec('delete from requests'));

  it('creates, gets and lists rows with filters, newest first', async () => {
    const created = await store.requests.create(newRequest('r1'));
    expect(created).toMatchObject({
      id: 'r1',
      state: 'pending',
      approvals: [],
      requester: alice,
      approvalsRequired: 1,
    });
    expect(created.input).toEqual({ name: 'vm-r1', size_gb: 20, tags: ['a', 'b'] });
    expect(await stores[1]!.requests.get('r1')).toEqual(created);
    expect(await store.requests.get('nope')).toBeUndefined();

    await store.requests.create(newRequest('r2', { requester: bob, operation: 'clone_volume' }));
    await store.requests.create(newRequest('r3', { state: 'approved', requester: bob }));

    const ids = (rows: RequestRow[]) => rows.map((r) => r.id);
    expect(ids(await store.requests.list({}))).toEqual(['r3', 'r2', 'r1']);
    expect(ids(await store.requests.list({ state: 'approved' }))).toEqual(['r3']);
    expect(ids(await store.requests.list({ state: ['pending', 'approved'], requester: bob.id }))).toEqual(['r3', 'r2']);
    expect(ids(await store.requests.list({ state: [] }))).toEqual([]);
    expect(ids(await store.requests.list({ operation: 'clone_volume' }))).toEqual(['r2']);
    expect(ids(await store.requests.list({ limit: 2 }))).toEqual(['r3', 'r2']);
  });

  it('refuses a second row with the same id', async () => {
    await store.requests.create(newRequest('dup'));
    await expect(store.requests.create(newRequest('dup'))).rejects.toMatchObject({ code: 'REQUEST.DUPLICATE_ID' });
  });

  it('patches non-state fields and leaves the state alone', async () => {
    await store.requests.create(newRequest('p1', { state: 'approved' }));
    await store.requests.patch('p1', {
      progress: { message: 'cloning', fraction: 0.5, at: '2030-05-01T10:00:00.000Z' },
      checkpoint: { volume_id: 'vol-1' },
      heartbeatAt: '2030-05-01T10:00:01Z',
      result: null,
      notes: { slack: { channel: 'C1', ts: '1700000000.000100' } },
    });
    const row = await store.requests.get('p1');
    expect(row).toMatchObject({
      state: 'approved',
      progress: { message: 'cloning', fraction: 0.5 },
      checkpoint: { volume_id: 'vol-1' },
      heartbeatAt: '2030-05-01T10:00:01.000Z',
      result: null,
      notes: { slack: { channel: 'C1', ts: '1700000000.000100' } },
    });
    expect(row?.runner).toBeUndefined();
  });

  it('lets exactly one of 10 concurrent transitions win', async () => {
    await store.requests.create(newRequest('cas', { state: 'approved' }));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        stores[i % stores.length]!.requests.transition('cas', ['approved'], 'running', { runner: `runner-${i}` }),
      ),
    );
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ state: 'running' });
    const row = await store.requests.get('cas');
    expect(row?.runner).toBe(winners[0]!.runner);
  });

  it('does not move a row whose state is not one of from', async () => {
    await store.requests.create(newRequest('t1'));
    expect(await store.requests.transition('t1', ['approved'], 'running')).toBeUndefined();
    expect(await store.requests.transition('t1', [], 'running')).toBeUndefined();
    const denied = await store.requests.transition('t1', ['pending'], 'denied', { decidedBy: bob, reason: 'no' });
    expect(denied).toMatchObject({ state: 'denied', decidedBy: bob, reason: 'no' });
    expect((await store.requests.get('t1'))?.state).toBe('denied');
  });

  it('records an approval once per actor, only while pending, each with its audit record', async () => {
    await store.requests.create(newRequest('a1', { approvalsRequired: 2 }));
    const first = await approve(store, 'a1', approval(bob, 'looks fine'));
    expect(first?.approvals).toEqual([{ actor: bob, at: '2030-05-01T10:00:00.000Z', comment: 'looks fine' }]);
    expect(first?.state).toBe('pending');
    expect(await approve(store, 'a1', approval(bob))).toBeUndefined();
    const second = await approve(store, 'a1', approval(carol));
    expect(second?.approvals).toHaveLength(2);
    expect(second?.state).toBe('approved');
    expect(await approve(store, 'missing', approval(carol))).toBeUndefined();

    expect(await approve(store, 'a1', approval({ id: 'U-dave', via: 'slack' }))).toBeUndefined();
    expect((await store.requests.get('a1'))?.approvals).toHaveLength(2);
    expect(await approvedRecords(store, 'a1')).toBe(2);
  });

  it('keeps concurrent approvals by distinct actors up to the number needed, and one by the same actor', async () => {
    await store.requests.create(newRequest('race', { approvalsRequired: 5 }));
    const actors = Array.from({ length: 7 }, (_, i): Actor => ({ id: `U-${i}`, via: 'slack' }));
    const distinct = await Promise.all(actors.map((a, i) => approve(stores[i % stores.length]!, 'race', approval(a))));
    expect(distinct.filter((r) => r !== undefined)).toHaveLength(5);
    const row = (await store.requests.get('race'))!;
    expect(row.state).toBe('approved');
    const ids = row.approvals.map((a) => a.actor.id);
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(actors.map((a) => a.id)).toContain(id);
    expect(await approvedRecords(store, 'race')).toBe(5);

    await store.requests.create(newRequest('twice'));
    const same = await Promise.all(
      Array.from({ length: 6 }, (_, i) => approve(stores[i % stores.length]!, 'twice', approval(bob))),
    );
    expect(same.filter((r) => r !== undefined)).toHaveLength(1);
    expect((await store.requests.get('twice'))!.approvals).toHaveLength(1);
    expect(await approvedRecords(store, 'twice')).toBe(1);
  });

  it("counts one person's approvals once, from any of their ids, even from several connections at once", async () => {
    await store.requests.create(newRequest('person', { approvalsRequired: 2 }));
    const ids: Actor[] = [
      { id: 'U0ALICE', via: 'slack' },
      { id: 'alice', via: 'cli' },
      { id: 'asmith', via: 'cli' },
    ];
    const tries = await Promise.all(
      ids.map((actor, i) => approve(stores[i % stores.length]!, 'person', { ...approval(actor), person: 'alice' })),
    );
    expect(tries.filter((r) => r !== undefined)).toHaveLength(1);
    const row = await approve(store, 'person', { ...approval(bob), person: 'bob' });
    expect(row?.approvals.map((a) => a.person)).toEqual(['alice', 'bob']);
  });

  it('keeps a self-confirmation apart from the approvals', async () => {
    await store.requests.create(newRequest('self', { approverGroup: null, approvalsRequired: 0 }));
    const at = '2030-05-01T10:00:00.000Z';
    const moved = await store.requests.transition('self', ['pending'], 'approved', {
      selfConfirmation: { actor: carol, person: 'carol', at },
    });
    expect(moved).toMatchObject({ state: 'approved', approvals: [], selfConfirmation: { actor: carol, at } });
    expect(await stores[1]!.requests.get('self')).toEqual(moved);
  });

  it('claims each approved row exactly once when two runners race', async () => {
    for (let i = 0; i < 20; i++)
      await store.requests.create(newRequest(`job-${String(i).padStart(2, '0')}`, { state: 'approved' }));
    await store.requests.create(newRequest('still-pending'));
    const now = '2030-05-01T12:00:00.000Z';
    const drain = async (runner: string, s: Store) => {
      const claimed: RequestRow[] = [];
      for (
        let row = await s.requests.claimApproved(runner, now);
        row;
        row = await s.requests.claimApproved(runner, now)
      ) {
        claimed.push(row);
      }
      return claimed;
    };
    const [a, b] = await Promise.all([drain('runner-a', stores[0]!), drain('runner-b', stores[1]!)]);
    const all = [...a!, ...b!];
    expect(all.map((r) => r.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `job-${String(i).padStart(2, '0')}`),
    );
    for (const row of a!)
      expect(row).toMatchObject({ state: 'running', runner: 'runner-a', startedAt: now, heartbeatAt: now });
    for (const row of b!) expect(row.runner).toBe('runner-b');
    expect((await store.requests.get('still-pending'))?.state).toBe('pending');
    expect(await store.requests.claimApproved('runner-c', now)).toBeUndefined();
  });

  it('claims the oldest approved row first', async () => {
    await store.requests.create(newRequest('older', { state: 'approved' }));
    await new Promise((r) => setTimeout(r, 5));
    await store.requests.create(newRequest('newer', { state: 'approved' }));
    expect((await store.requests.claimApproved('r', '2030-01-01T00:00:00Z'))?.id).toBe('older');
  });

  it('lists running rows with an old heartbeat as stale', async () => {
    for (const id of ['fresh', 'stale', 'other']) await store.requests.create(newRequest(id, { state: 'approved' }));
    await store.requests.transition('fresh', ['approved'], 'running', { heartbeatAt: '2030-01-01T10:05:00Z' });
    await store.requests.transition('stale', ['approved'], 'running', { heartbeatAt: '2030-01-01T10:00:00Z' });
    const stale = await store.requests.listStale('2030-01-01T10:02:00Z');
    expect(stale.map((r) => r.id)).toEqual(['stale']);
    expect(await store.requests.listStale('2030-01-01T09:00:00Z')).toEqual([]);
  });

  it('lists pending rows past their expiry as expired', async () => {
    await store.requests.create(newRequest('old', { expiresAt: '2030-01-01T10:00:00Z' }));
    await store.requests.create(newRequest('young', { expiresAt: '2030-01-01T11:00:00Z' }));
    await store.requests.create(newRequest('approved-old', { expiresAt: '2030-01-01T09:00:00Z', state: 'approved' }));
    expect((await store.requests.listExpired('2030-01-01T10:30:00+00:00')).map((r) => r.id)).toEqual(['old']);
    expect((await store.requests.listExpired('2030-01-01T12:00:00Z')).map((r) => r.id)).toEqual(['old', 'young']);
  });

  it('rejects a time it cannot read, saying what to pass', async () => {
    await expect(store.requests.listExpired('yesterday')).rejects.toMatchObject({
      code: 'STORE.INVALID_TIME',
      message: expect.stringContaining('ISO-8601'),
    });
  });
});
