import { describe, expect, it } from 'vitest';
import { RecentKeys, requestKey } from '../../src/slack/dedupe.js';

describe('RecentKeys', () => {
  it('says first time once per key within the window, and forgets after it', () => {
    let now = 0;
    const keys = new RecentKeys(10 * 60_000, () => now);
    expect(keys.firstTime('a')).toBe(true);
    expect(keys.firstTime('a')).toBe(false);
    expect(keys.firstTime('b')).toBe(true);
    now = 9 * 60_000;
    expect(keys.firstTime('a')).toBe(false);
    now = 10 * 60_000 + 1;
    expect(keys.firstTime('a')).toBe(true);
    expect(keys.size).toBe(1);
  });

  it('keys a retry (same body) the same, and a new command differently', () => {
    const body = { command: '/blockops', text: 'images', trigger_id: '1.2', user_id: 'U1' };
    expect(requestKey({ ...body })).toBe(requestKey(body));
    expect(requestKey({ ...body, trigger_id: '1.3' })).not.toBe(requestKey(body));
  });
});
