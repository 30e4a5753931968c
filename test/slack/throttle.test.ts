import { describe, expect, it } from 'vitest';
import { type Clock, UpdateThrottle } from '../../src/slack/throttle.js';

/** A clock the test moves by hand: timers run only when advance() passes their time. */
function manualClock(): Clock & { advance(ms: number): Promise<void> } {
  let t = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    setTimeout: (fn, ms) => {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (h) => {
      const i = timers.indexOf(h as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
    async advance(ms) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fn();
        await new Promise((r) => setImmediate(r));
      }
      t = end;
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('UpdateThrottle', () => {
  it('sends the first update at once and coalesces the rest to the newest, one per interval', async () => {
    const clock = manualClock();
    const sent: { value: number; at: number }[] = [];
    const throttle = new UpdateThrottle<number>(
      async (value) => {
        sent.push({ value, at: clock.now() });
      },
      { intervalMs: 1000, clock },
    );
    for (let i = 1; i <= 20; i++) throttle.push(i);
    await clock.advance(0);
    expect(sent).toEqual([{ value: 1, at: 0 }]);
    await clock.advance(999);
    expect(sent).toHaveLength(1);
    await clock.advance(1);
    expect(sent).toEqual([
      { value: 1, at: 0 },
      { value: 20, at: 1000 },
    ]);
    throttle.push(21);
    throttle.push(22);
    await clock.advance(5000);
    expect(sent.map((s) => s.value)).toEqual([1, 20, 22]);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('sends the final value after the interval, dropping a pending one, and nothing after it', async () => {
    const clock = manualClock();
    const sent: { value: string; at: number }[] = [];
    const throttle = new UpdateThrottle<string>(async (value) => void sent.push({ value, at: clock.now() }), {
      intervalMs: 1000,
      clock,
    });
    throttle.push('progress 1');
    throttle.push('progress 2');
    await clock.advance(0);
    const done = throttle.finish('done');
    await clock.advance(1000);
    await done;
    expect(sent).toEqual([
      { value: 'progress 1', at: 0 },
      { value: 'done', at: 1000 },
    ]);
    throttle.push('late');
    await clock.advance(5000);
    expect(sent).toHaveLength(2);
  });

  it('keeps going after a failed intermediate update, and the final failure reaches the caller', async () => {
    const clock = manualClock();
    const errors: unknown[] = [];
    let calls = 0;
    const throttle = new UpdateThrottle<number>(
      async (v) => {
        calls++;
        if (v !== 2) throw new Error(`update ${v} failed`);
      },
      { intervalMs: 1000, clock, onError: (e) => errors.push(e) },
    );
    throttle.push(1);
    await clock.advance(1000);
    throttle.push(2);
    await clock.advance(1000);
    expect(errors).toHaveLength(1);
    expect(calls).toBe(2);
    const done = throttle.finish(3).then(
      () => undefined,
      (e: unknown) => e,
    );
    await clock.advance(1000);
    expect(await done).toMatchObject({ message: 'update 3 failed' });
  });
});
