import { describe, expect, it } from 'vitest';
import type { LightbitsEvent } from '../../../src/clients/lightbits/index.js';
import {
  eventsAbout,
  formatTime,
  isFailureEvent,
  lastFailureOf,
  newestFirst,
} from '../../../src/core/failover/events.js';
import { checkTarget } from '../../../src/core/failover/target.js';

const ev = (id: string, over: Partial<LightbitsEvent> = {}): LightbitsEvent => ({
  id,
  time: undefined,
  type: 'Node',
  severity: 'Info',
  name: undefined,
  code: undefined,
  status: undefined,
  description: undefined,
  nodeUuid: undefined,
  nodeName: undefined,
  ...over,
});

describe('events', () => {
  it('tells failures from recoveries', () => {
    expect(isFailureEvent(ev('a', { status: 'Inactive', name: 'NodeInactive' }))).toBe(true);
    expect(isFailureEvent(ev('b', { status: 'Deactivating' }))).toBe(true);
    expect(isFailureEvent(ev('c', { status: 'Activating', name: 'NodeActivating' }))).toBe(false);
    expect(isFailureEvent(ev('d', { status: 'Active', name: 'NodeActive' }))).toBe(false);
  });

  it('sorts newest first and keeps events about the nodes or naming the volume', () => {
    const events = newestFirst([
      ev('old', { time: '2025-06-01T10:00:00Z', nodeUuid: 'u1', status: 'Inactive' }),
      ev('other-node', { time: '2025-06-01T10:30:00Z', nodeUuid: 'u9' }),
      ev('vol', { time: '2025-06-01T10:40:00Z', type: 'Volume', description: 'volume volume-c1 rebuilt' }),
      ev('new', { time: '2025-06-01T11:00:00Z', nodeUuid: 'u1', status: 'Active' }),
    ]);
    expect(events.map((e) => e.id)).toEqual(['new', 'vol', 'other-node', 'old']);
    expect(eventsAbout(events, [{ uuid: 'u1', name: 'lb-1' }], ['volume-c1']).map((e) => e.id)).toEqual([
      'new',
      'vol',
      'old',
    ]);
    expect(lastFailureOf(events, { uuid: 'u1', name: 'lb-1' })?.id).toBe('old');
  });

  it('writes times for a chat line', () => {
    const now = new Date('2025-06-01T12:00:00Z');
    expect(formatTime('2025-06-01T10:32:05.123Z', now)).toBe('10:32:05 UTC');
    expect(formatTime('2025-05-30T10:32:05Z', now)).toBe('2025-05-30 10:32 UTC');
  });
});

describe('checkTarget', () => {
  it('takes exactly one of server or volume', () => {
    expect(checkTarget({ server: 'web-1' })).toEqual({ server: 'web-1' });
    expect(checkTarget({ volume: ' v1 ' })).toEqual({ volume: 'v1' });
    expect(() => checkTarget({ server: 'a', volume: 'b' })).toThrow(/either server or volume, not both/);
    expect(() => checkTarget({})).toThrow(expect.objectContaining({ code: 'INPUT.INVALID' }));
  });
});
