import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewIncident, Store } from '../../../src/core/store/types.js';
import { engines } from '../../helpers/store-engines.js';

const T0 = '2030-01-01T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const incident = (id: string, key = 'lightbits'): NewIncident => ({
  id,
  key,
  severity: 'degraded',
  openedAt: T0,
  data: { id, title: 'node down' },
  movedPrimaries: ['lv1'],
});

describe.each(engines('incidents'))('incidents and the watcher lease, on $name', (engine) => {
  /** Separate Store instances on one database, as separate replicas would have. */
  let stores: Store[] = [];

  beforeAll(async () => {
    await engine.setup();
    stores = await Promise.all(Array.from({ length: engine.name === 'postgres' ? 6 : 3 }, () => engine.open()));
  });
  afterAll(() => engine.teardown());
  beforeEach(async () => {
    await engine.exec('delete from incidents');
    await engine.exec('delete from leases');
  });

  it('keeps one open incident per cause when replicas open it at once, and a new one once it resolved', async () => {
    const opened = await Promise.all(stores.map((s, i) => s.incidents.open(incident(`inc-${i}`))));
    const won = opened.filter((r) => r !== undefined);
    expect(won).toHaveLength(1);
    expect(await stores[0]!.incidents.open(incident('inc-other', 'lightbits_api'))).toBeDefined();
    const row = won[0]!;
    const done = await stores[1]!.incidents.update(row.id, row.version, {
      status: 'resolved',
      severity: 'degraded',
      updatedAt: at(60),
      resolvedAt: at(60),
      data: { id: row.id },
      movedPrimaries: [],
    });
    expect(done).toMatchObject({ status: 'resolved', resolvedAt: at(60), version: 1 });
    expect(await stores[2]!.incidents.open(incident('inc-next'))).toBeDefined();
    expect((await stores[0]!.incidents.list({ status: 'open' })).map((r) => r.id).sort()).toEqual([
      'inc-next',
      'inc-other',
    ]);
  });

  it('lets exactly one of two writers update from the same version', async () => {
    const row = (await stores[0]!.incidents.open(incident('inc-cas')))!;
    const patch = { status: 'open' as const, severity: 'io_lost', updatedAt: at(1), data: {}, movedPrimaries: [] };
    const results = await Promise.all(stores.map((s) => s.incidents.update(row.id, row.version, patch)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await stores[0]!.incidents.setNote(row.id, 'slack', { channel: 'C1', ts: '1.2' });
    const after = await stores[1]!.incidents.update(row.id, row.version + 1, patch);
    expect(after?.notes).toEqual({ slack: { channel: 'C1', ts: '1.2' } });
    expect(after?.movedPrimaries).toEqual([]);
  });

  it('gives the lease to one holder, renews it for that holder, and to another once it lapsed or was released', async () => {
    const got = await Promise.all(stores.map((s, i) => s.leases.acquire('w', `r${i}`, T0, at(3))));
    expect(got.filter(Boolean)).toHaveLength(1);
    const holder = `r${got.indexOf(true)}`;
    const other = holder === 'r0' ? 'r1' : 'r0';
    expect(await stores[0]!.leases.acquire('w', holder, at(1), at(4))).toBe(true);
    expect(await stores[0]!.leases.acquire('w', other, at(3.5), at(6))).toBe(false);
    expect(await stores[0]!.leases.acquire('w', other, at(4.5), at(7))).toBe(true);
    await stores[1]!.leases.release('w', holder); // not the holder any more: nothing happens
    expect(await stores[0]!.leases.acquire('w', holder, at(5), at(8))).toBe(false);
    await stores[1]!.leases.release('w', other);
    expect(await stores[0]!.leases.acquire('w', holder, at(5), at(8))).toBe(true);
  });
});
