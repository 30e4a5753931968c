import { describe, expect, it } from 'vitest';
import { requestKey } from '../../src/slack/dedupe.js';

describe('requestKey', () => {
  it('keys a retry (same body) the same, and a new command differently', () => {
    const body = { command: '/blockops', text: 'images', trigger_id: '1.2', user_id: 'U1' };
    expect(requestKey({ ...body })).toBe(requestKey(body));
    expect(requestKey({ ...body, trigger_id: '1.3' })).not.toBe(requestKey(body));
  });
});
