import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewRequest, Store } from '../../../src/core/store/types.js';
import { engines } from '../../helpers/store-engines.js';

function newRequest(id: string): NewRequest {
  return {
    id,
    operation: 'clone_image',
    input: { image: 'cirros' },
    requester: { id: 'bob', via: 'cli' },
    preview: 'Clone cirros',
    approverGroup: 'approvers',
    approvalsRequired: 1,
    expiresAt: '2099-01-01T00:00:00.000Z',
    state: 'pending',
    digest: `digest-${id}`,
  };
}

const NOW = '2030-01-01T00:00:00.000Z';
const LATER = '2030-01-01T00:02:00.000Z';
const claim = (owner: string, until = LATER) => ({ owner, until });

describe.each(engines('note_claims'))('claiming a door note on $name', (engine) => {
  /** Separate Store instances on one database, as separate replicas would have. */
  let stores: Store[] = [];

  beforeAll(async () => {
    await engine.setup();
    stores = await Promise.all(Array.from({ length: engine.name === 'postgres' ? 6 : 3 }, () => engine.open()));
  });
  afterAll(() => engine.teardown());
  beforeEach(() => engine.exec('delete from requests'));

  it('lets exactly one of several replicas claiming at once win, and keeps the other doors’ notes', async () => {
    const [store] = stores;
    await store!.requests.create(newRequest('r1'));
    await store!.requests.patch('r1', { notes: { mcp: { seen: true } } });
    const won = await Promise.all(stores.map((s, i) => s.requests.claimNote('r1', 'slack', claim(`p${i}`), NOW)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = `p${won.indexOf(true)}`;
    expect((await store!.requests.get('r1'))?.notes).toEqual({
      mcp: { seen: true },
      slack: { claim: { owner: winner, until: LATER } },
    });
  });

  it('refuses a live claim and a note the door recorded, and takes over an expired claim', async () => {
    const [a, b] = stores;
    await a!.requests.create(newRequest('r2'));
    expect(await a!.requests.claimNote('r2', 'slack', claim('a'), NOW)).toBe(true);
    expect(await b!.requests.claimNote('r2', 'slack', claim('b'), '2030-01-01T00:01:59.999Z')).toBe(false);
    // The holder died while posting: once its claim is over, another replica may post.
    const justAfter = '2030-01-01T00:02:00.001Z';
    expect(await b!.requests.claimNote('r2', 'slack', claim('b', '2030-01-01T00:05:00.000Z'), justAfter)).toBe(true);
    expect((await a!.requests.get('r2'))?.notes?.['slack']).toEqual({
      claim: { owner: 'b', until: '2030-01-01T00:05:00.000Z' },
    });

    await b!.requests.patch('r2', { notes: { slack: { channel: 'C1', ts: '1.2' } } });
    expect(
      await a!.requests.claimNote('r2', 'slack', claim('a', '2099-01-01T00:00:00.000Z'), '2098-01-01T00:00:00.000Z'),
    ).toBe(false);
    expect((await a!.requests.get('r2'))?.notes?.['slack']).toEqual({ channel: 'C1', ts: '1.2' });
  });

  it('releases only its own claim, so the next one may post at once', async () => {
    const [a, b] = stores;
    await a!.requests.create(newRequest('r3'));
    expect(await a!.requests.claimNote('r3', 'slack', claim('a'), NOW)).toBe(true);
    expect(await b!.requests.releaseNote('r3', 'slack', 'b')).toBe(false);
    expect(await b!.requests.claimNote('r3', 'slack', claim('b'), NOW)).toBe(false);
    expect(await a!.requests.releaseNote('r3', 'slack', 'a')).toBe(true);
    expect((await a!.requests.get('r3'))?.notes).toEqual({});
    expect(await b!.requests.claimNote('r3', 'slack', claim('b'), NOW)).toBe(true);
  });

  it('claims nothing on a request that does not exist, and refuses a bad time', async () => {
    expect(await stores[0]!.requests.claimNote('nope', 'slack', claim('a'), NOW)).toBe(false);
    await stores[0]!.requests.create(newRequest('r4'));
    await expect(stores[0]!.requests.claimNote('r4', 'slack', claim('a', 'soon'), NOW)).rejects.toThrow(
      /claim\.until is not a valid time/,
    );
    expect((await stores[0]!.requests.get('r4'))?.notes).toBeUndefined();
  });
});
