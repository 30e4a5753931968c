import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackDeliveries } from '../../../src/app/slack-deliveries.js';
import type { Store } from '../../../src/core/store/types.js';
import { engines } from '../../helpers/store-engines.js';

const T0 = '2030-01-01T00:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

describe.each(engines('slack_deliveries'))('Slack deliveries seen, on $name', (engine) => {
  /** Separate Store instances on one database, as separate replicas would have. */
  let stores: Store[] = [];

  beforeAll(async () => {
    await engine.setup();
    stores = await Promise.all(Array.from({ length: engine.name === 'postgres' ? 6 : 3 }, () => engine.open()));
  });
  afterAll(() => engine.teardown());
  beforeEach(() => engine.exec('delete from slack_deliveries'));

  it('says first time to exactly one of several replicas offered the same delivery at once', async () => {
    const first = await Promise.all(stores.map((s) => s.slackDeliveries.firstSeen('k1', T0, at(10))));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await stores[0]!.slackDeliveries.firstSeen('k2', T0, at(10))).toBe(true);
  });

  it('says first time once per key to a burst on one store (one commit for the lot, in call order)', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `burst-${i % 20}`);
    const seen = await Promise.all(keys.map((k) => stores[0]!.slackDeliveries.firstSeen(k, T0, at(10))));
    expect(seen).toEqual(keys.map((_, i) => i < 20));
    expect(await stores[1]!.slackDeliveries.firstSeen('burst-3', T0, at(10))).toBe(false);
  });

  it('decides a burst mixing new, live, expired and repeated keys as if one by one', async () => {
    await stores[0]!.slackDeliveries.firstSeen('live', T0, at(10));
    await stores[0]!.slackDeliveries.firstSeen('expired', T0, at(1));
    const offered = ['zz-new', 'live', 'expired', 'zz-new', 'expired', 'a-new'];
    const seen = await Promise.all(offered.map((k) => stores[1]!.slackDeliveries.firstSeen(k, at(2), at(12))));
    expect(seen).toEqual([true, false, true, false, false, true]);
    // The expired key was taken over with the new window: it is live again.
    expect(await stores[2]!.slackDeliveries.firstSeen('expired', at(11), at(21))).toBe(false);
  });

  it('says first time to exactly one replica when several offer overlapping bursts at once', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `overlap-${i}`);
    const perStore = await Promise.all(
      stores.map((s, n) =>
        Promise.all((n % 2 ? [...keys].reverse() : keys).map((k) => s.slackDeliveries.firstSeen(k, T0, at(10)))),
      ),
    );
    const firsts = new Map<string, number>();
    for (const [n, seen] of perStore.entries()) {
      const order = n % 2 ? [...keys].reverse() : keys;
      for (const [i, first] of seen.entries()) if (first) firsts.set(order[i]!, (firsts.get(order[i]!) ?? 0) + 1);
    }
    expect([...firsts.values()]).toEqual(keys.map(() => 1));
  });

  it('remembers a key until it expires, across a reopened store, then takes it as new', async () => {
    expect(await stores[0]!.slackDeliveries.firstSeen('k', T0, at(10))).toBe(true);
    const reopened = await engine.open();
    expect(await reopened.slackDeliveries.firstSeen('k', at(9), at(19))).toBe(false);
    // A repeat does not extend the window.
    expect(await reopened.slackDeliveries.firstSeen('k', at(10.01), at(20))).toBe(true);
    expect(await stores[1]!.slackDeliveries.firstSeen('k', at(15), at(25))).toBe(false);
  });

  it('prunes what expired and only that', async () => {
    await stores[0]!.slackDeliveries.firstSeen('old', T0, at(10));
    await stores[0]!.slackDeliveries.firstSeen('new', at(5), at(15));
    expect(await stores[1]!.slackDeliveries.prune(at(12))).toBe(1);
    expect(await stores[1]!.slackDeliveries.firstSeen('new', at(12), at(22))).toBe(false);
    expect(await stores[1]!.slackDeliveries.firstSeen('old', at(12), at(22))).toBe(true);
  });

  it('the Slack door’s port drops a repeat seen by another replica, and prunes expired keys as deliveries come', async () => {
    let now = Date.parse(T0);
    const clock = () => new Date(now);
    const port = slackDeliveries(stores[0]!.slackDeliveries, clock, 10 * 60_000);
    const other = slackDeliveries(stores[1]!.slackDeliveries, clock, 10 * 60_000);
    expect(await port.firstTime('body-1')).toBe(true);
    expect(await other.firstTime('body-1')).toBe(false);
    now += 11 * 60_000;
    expect(await port.firstTime('body-2')).toBe(true);
    // body-1 expired and the port deleted it on the way: nothing is left to prune at this time.
    expect(await stores[2]!.slackDeliveries.prune(new Date(now).toISOString())).toBe(0);
    expect(await other.firstTime('body-2')).toBe(false);
  });
});
