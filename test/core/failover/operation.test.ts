import { describe, expect, it } from 'vitest';
import { annotationsFor } from '../../../src/core/engine/operation.js';
import { getFailoverStatus } from '../../../src/core/failover/get-failover-status.op.js';
import { getHealth } from '../../../src/core/health/get-health.op.js';

describe('get_failover_status and get_health operations', () => {
  it('take exactly one of server or volume', () => {
    expect(getFailoverStatus.input.safeParse({ server: 'web-1' }).success).toBe(true);
    expect(getFailoverStatus.input.safeParse({ volume: 'v' }).success).toBe(true);
    for (const bad of [{}, { server: 'a', volume: 'b' }]) {
      const r = getFailoverStatus.input.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('give exactly one of server or volume (a name or an id)');
    }
  });

  it('are reads: no approval, read-only and idempotent for MCP', () => {
    for (const op of [getHealth, getFailoverStatus]) {
      expect(op.effect).toBe('read');
      expect(annotationsFor(op as never)).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    }
  });

  it('summarize in one line', () => {
    const line = getFailoverStatus.summarize({
      target: { kind: 'volume', id: 'v1', name: 'root' },
      verdict: 'degraded',
      summary: 'volume root: served by node lb-2; 2 of 3 replicas healthy; Degraded.',
      volumes: [],
      recent_events: [],
      notes: [],
      checked_at: '2025-06-01T12:00:00.000Z',
    });
    expect(line).toBe('degraded: volume root: served by node lb-2; 2 of 3 replicas healthy; Degraded.');
    expect(line).not.toContain('\n');
  });
});
