import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../../src/core/batching/group-commit.js';

/** A commit that records each group it was given and answers each input with its place in the total order. */
function recorder(fail?: (inputs: string[]) => boolean) {
  const groups: string[][] = [];
  let seq = 0;
  const commit = async (inputs: string[]) => {
    groups.push([...inputs]);
    await new Promise((r) => setTimeout(r, 5)); // a commit takes time: later callers queue behind it
    if (fail?.(inputs)) throw new Error(`group ${groups.length} failed`);
    return inputs.map((input) => `${++seq}:${input}`);
  };
  return { groups, commit };
}

describe('group commit', () => {
  it('puts what is added at the same time into one commit, answering each in call order', async () => {
    const r = recorder();
    const group = new GroupCommit(r.commit);
    const out = await Promise.all(['a', 'b', 'c', 'd'].map((x) => group.add(x)));
    expect(out).toEqual(['1:a', '2:b', '3:c', '4:d']);
    expect(r.groups).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('queues what arrives during a commit for the next one, keeping one total order', async () => {
    const r = recorder();
    const group = new GroupCommit(r.commit);
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        const mine: string[] = [];
        for (let i = 0; i < 5; i++) mine.push(await group.add(`w${w}-${i}`));
        return mine;
      })(),
    );
    const results = await Promise.all(writers);
    // 40 appends by 8 writers at once take 5 commits of 8, not 40.
    expect(r.groups).toHaveLength(5);
    expect(r.groups.every((g) => g.length === 8)).toBe(true);
    const seqs = results.flat().map((s) => Number(s.split(':')[0]));
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const mine of results) {
      const own = mine.map((s) => Number(s.split(':')[0]));
      expect(own).toEqual([...own].sort((a, b) => a - b)); // each writer's appends in its own order
    }
  });

  it('fails every input of a failed commit and only those; later groups go on', async () => {
    const r = recorder((inputs) => inputs.includes('bad'));
    const group = new GroupCommit(r.commit);
    const first = Promise.allSettled(['x', 'bad'].map((v) => group.add(v)));
    await new Promise((resolve) => setImmediate(resolve));
    const second = group.add('y'); // arrives while the first group commits
    expect((await first).map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(await second).toBe('1:y');
  });

  it('commits an input marked alone in a group of its own, in call order', async () => {
    const r = recorder();
    const group = new GroupCommit(r.commit, { alone: (x) => x === 'rotate' });
    await Promise.all(['a', 'b', 'rotate', 'c', 'd'].map((x) => group.add(x)));
    expect(r.groups).toEqual([['a', 'b'], ['rotate'], ['c', 'd']]);
  });

  it('never puts more than maxGroup inputs into one commit', async () => {
    const r = recorder();
    const group = new GroupCommit(r.commit, { maxGroup: 3 });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((x) => group.add(x)));
    expect(r.groups).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });
});
