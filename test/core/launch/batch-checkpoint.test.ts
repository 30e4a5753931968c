import { describe, expect, it } from 'vitest';
import { batchCheckpoint } from '../../../src/core/launch/batch-checkpoint.js';

/** A store whose writes finish only when released, so the test decides what overlaps. */
function slowStore() {
  const stored: string[][] = [];
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const write = async (state: string[]) => {
    const copy = [...state]; // what a store serializes when the write starts
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((r) => waiting.push(r));
    inFlight--;
    stored.push(copy);
  };
  const releaseAll = async () => {
    while (waiting.length) {
      waiting.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { write, stored, releaseAll, maxInFlight: () => maxInFlight };
}

describe('batchCheckpoint', () => {
  it('never overlaps writes, stores the newest state last, and shares a write among callers that wait for it', async () => {
    const store = slowStore();
    const state: string[] = [];
    const save = batchCheckpoint(store.write, () => state);
    const saves: Promise<void>[] = [];
    for (const name of ['a', 'b', 'c', 'd']) {
      state.push(name);
      saves.push(save());
      await new Promise((r) => setImmediate(r)); // the first write starts; the rest queue behind it
    }
    await store.releaseAll();
    await Promise.all(saves);
    expect(store.maxInFlight()).toBe(1);
    // The first write started with a alone; b, c and d arrived while it ran and shared the next one.
    expect(store.stored).toEqual([['a'], ['a', 'b', 'c', 'd']]);
  });

  it('resolves a caller only once a write that includes its change is stored', async () => {
    const store = slowStore();
    const state: string[] = ['a'];
    const save = batchCheckpoint(store.write, () => state);
    let firstDone = false;
    const first = save().then(() => {
      firstDone = true;
    });
    await new Promise((r) => setImmediate(r));
    state.push('b');
    let secondDone = false;
    const second = save().then(() => {
      secondDone = true;
    });
    await store.releaseAll();
    await first;
    await second;
    expect(firstDone && secondDone).toBe(true);
    expect(store.stored.at(-1)).toEqual(['a', 'b']);
  });

  it('passes a failed write to its callers and still writes for the next ones', async () => {
    let calls = 0;
    const save = batchCheckpoint(
      async () => {
        if (++calls === 1) throw new Error('disk full');
      },
      () => ({}),
    );
    await expect(save()).rejects.toThrow('disk full');
    await expect(save()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
