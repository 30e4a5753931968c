import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Extra, progressFor } from '../../src/mcp/progress.js';

function extra(progressToken?: string): { extra: Extra; sent: Array<Record<string, unknown>> } {
  const sent: Array<Record<string, unknown>> = [];
  const e = {
    _meta: progressToken ? { progressToken } : undefined,
    sendNotification: async (n: ServerNotification) => {
      sent.push(n.params as Record<string, unknown>);
    },
  } as unknown as Extra;
  return { extra: e, sent };
}

describe('MCP progress notifications', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends nothing when the caller sent no progressToken', () => {
    const { extra: e, sent } = extra();
    progressFor(e).report({ message: 'Uploading', fraction: 0.5 });
    expect(sent).toEqual([]);
  });

  it('keeps progress increasing, with total 100 only when the fraction is known', () => {
    const { extra: e, sent } = extra('tok-1');
    const p = progressFor(e);
    p.report({ message: 'Creating the image' });
    p.report({ message: 'Uploading', fraction: 0.5 });
    p.report({ message: 'Uploading', fraction: 0.25 }); // a later phase restarting at a lower fraction
    p.report({ message: 'Verifying' });
    expect(sent.map((s) => s['progressToken'])).toEqual(['tok-1', 'tok-1', 'tok-1', 'tok-1']);
    const values = sent.map((s) => s['progress'] as number);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1] as number);
    expect(sent[0]).not.toHaveProperty('total');
    expect(sent[1]).toMatchObject({ progress: 50, total: 100, message: 'Uploading' });
    expect(sent[3]).not.toHaveProperty('total');
  });

  it('repeats the last message while nothing happens, until stopped', async () => {
    vi.useFakeTimers();
    const { extra: e, sent } = extra('tok-2');
    const p = progressFor(e);
    const stop = p.keepAlive(1_000);
    p.report({ message: 'Waiting for approval of req-1' });
    await vi.advanceTimersByTimeAsync(3_100);
    stop();
    const after = sent.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent.length).toBe(after);
    expect(after).toBeGreaterThanOrEqual(3);
    expect(sent[after - 1]?.['message']).toMatch(/^Waiting for approval of req-1 \(\d+ s so far\)$/);
  });
});
