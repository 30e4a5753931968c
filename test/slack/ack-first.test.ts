import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AckFirst } from '../../src/slack/ack-first.js';

/** On a fake clock: the order in which work is let start, not how fast anything runs. */
describe('AckFirst', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function tracked(gate: AckFirst, started: string[], name: string): void {
    void gate.beforeWork().then(() => started.push(name));
  }

  it('lets a lone request’s work start once Slack has been quiet for 10 ms', async () => {
    const gate = new AckFirst(() => Date.now());
    const started: string[] = [];
    gate.arrived();
    tracked(gate, started, 'a');
    await vi.advanceTimersByTimeAsync(9);
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['a']);
  });

  it('holds work while requests keep coming, then lets it start in order once they stop', async () => {
    const gate = new AckFirst(() => Date.now());
    const started: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      gate.arrived();
      tracked(gate, started, name);
      await vi.advanceTimersByTimeAsync(5);
    }
    expect(started).toEqual([]);
    await vi.advanceTimersByTimeAsync(5);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('never holds work more than a second after its ack, however busy Slack keeps the door', async () => {
    const gate = new AckFirst(() => Date.now());
    const started: string[] = [];
    gate.arrived();
    tracked(gate, started, 'first');
    for (let t = 0; t < 1_200; t += 5) {
      gate.arrived();
      if (t === 500) tracked(gate, started, 'later');
      await vi.advanceTimersByTimeAsync(5);
      if (t === 990) expect(started).toEqual([]);
    }
    expect(started).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(400);
    expect(started).toEqual(['first', 'later']);
  });
});
