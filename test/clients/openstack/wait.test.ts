import { describe, expect, it } from 'vitest';
import { isOpenStackError, waitFor } from '../../../src/clients/openstack/index.js';

/** A resource whose status walks through the given list, then stays on the last one. */
function walker(statuses: string[]) {
  let i = 0;
  return async () => ({ id: 'v1', status: statuses[Math.min(i++, statuses.length - 1)]! });
}

const base = { status: (v: { status: string }) => v.status, target: ['available'], failures: ['error'], intervalMs: 1 };

describe('waitFor', () => {
  it('returns the final resource and every status seen, repeats collapsed, calling onStatus on changes', async () => {
    const changes: string[] = [];
    const r = await waitFor(walker(['creating', 'creating', 'downloading', 'available']), {
      ...base,
      timeoutMs: 5_000,
      onStatus: (s) => changes.push(s),
    });
    expect(r.resource.status).toBe('available');
    expect(r.statuses).toEqual(['creating', 'downloading', 'available']);
    expect(changes).toEqual(r.statuses);
  });

  it('compares statuses case-insensitively (Nova ACTIVE, Cinder available)', async () => {
    const r = await waitFor(walker(['BUILD', 'ACTIVE']), { ...base, target: ['active'], timeoutMs: 5_000 });
    expect(r.statuses).toEqual(['BUILD', 'ACTIVE']);
  });

  it('fails on a failure status, naming the resource, the status and the way there', async () => {
    const err = await waitFor(walker(['creating', 'error']), {
      ...base,
      timeoutMs: 5_000,
      resource: 'volume v1 (clone)',
    }).catch((e: unknown) => e);
    expect(isOpenStackError(err, 'WAIT_FAILED')).toBe(true);
    expect((err as Error).message).toBe('volume v1 (clone) went to error (statuses: creating → error).');
  });

  it('times out with the last status', async () => {
    const err = await waitFor(walker(['creating']), { ...base, timeoutMs: 20, resource: 'volume v1' }).catch(
      (e: unknown) => e,
    );
    expect(isOpenStackError(err, 'WAIT_TIMEOUT')).toBe(true);
    expect((err as Error).message).toMatch(/waiting for volume v1 to become available; last status: creating/);
    expect((err as { details: { statuses: string[] } }).details.statuses).toEqual(['creating']);
  });

  it('stops when the signal aborts, even in the middle of a long interval', async () => {
    const ac = new AbortController();
    let calls = 0;
    const err = await waitFor(
      async () => {
        if (++calls === 1) setTimeout(() => ac.abort(), 5);
        return { status: 'creating' };
      },
      { ...base, timeoutMs: 60_000, intervalMs: 60_000, signal: ac.signal },
    ).catch((e: unknown) => e);
    expect(isOpenStackError(err, 'WAIT_ABORTED')).toBe(true);
    expect(calls).toBe(1);
  });

  it('passes on errors of the fetch itself', async () => {
    const boom = new Error('boom');
    await expect(waitFor(() => Promise.reject(boom), { ...base, timeoutMs: 1_000 })).rejects.toBe(boom);
  });
});
