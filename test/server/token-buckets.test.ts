import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/server/token-buckets.js';

describe('token buckets per remote address', () => {
  it('allows the burst, then one per refill interval, and says how long to wait', () => {
    let now = 0;
    const b = new TokenBuckets(3, 2, () => now);
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([0, 0, 0]);
    expect(b.take('a')).toBe(1);
    expect(b.take('b')).toBe(0); // another address has its own bucket
    now += 500; // half a second at 2 per second: one token back
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBe(1);
  });

  it('forgets an address once its bucket is full again', () => {
    let now = 0;
    const b = new TokenBuckets(2, 1, () => now);
    b.take('a');
    b.take('b');
    b.take('b');
    now += 1000;
    b.prune();
    expect(b.size).toBe(1); // a refilled and is forgotten; b still owes a token
    now += 1000;
    b.prune();
    expect(b.size).toBe(0);
  });
});
