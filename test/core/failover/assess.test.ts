import { describe, expect, it } from 'vitest';
import type { LightbitsEvent } from '../../../src/clients/lightbits/index.js';
import { type AssessInput, assessLightbitsVolume } from '../../../src/core/failover/assess.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const node = (n: number, state = 'Active') => ({ uuid: `u${n}`, name: `lb-${n}`, hostname: undefined, state });
const event = (n: number, status: string, time: string): LightbitsEvent => ({
  id: `${n}-${status}-${time}`,
  time,
  type: 'Node',
  severity: status === 'Active' ? 'Info' : 'High',
  name: `Node${status}`,
  code: undefined,
  status,
  description: `Node lb-${n}: ${status}`,
  nodeUuid: `u${n}`,
  nodeName: `lb-${n}`,
});

function input(over: Partial<AssessInput['volume']> = {}, rest: Partial<AssessInput> = {}): AssessInput {
  return {
    volume: {
      uuid: 'lbv',
      name: 'volume-c1',
      state: 'Available',
      protectionState: 'FullyProtected',
      replicaCount: 3,
      nodeList: ['u1', 'u2', 'u3'],
      primaryNodeUuid: 'u1',
      rebuildProgress: undefined,
      ...over,
    },
    project: 'default',
    nodes: [node(1), node(2), node(3)],
    events: [],
    now: NOW,
    ...rest,
  };
}

describe('assessLightbitsVolume', () => {
  it('is healthy when every replica is Active and the volume FullyProtected', () => {
    const a = assessLightbitsVolume(input());
    expect(a.verdict).toBe('healthy');
    expect(a.summary).toBe('served by node lb-1; 3 of 3 replicas healthy; FullyProtected');
    expect(a.side.replicas.map((r) => [r.node_name, r.healthy, r.primary])).toEqual([
      ['lb-1', true, true],
      ['lb-2', true, false],
      ['lb-3', true, false],
    ]);
    expect(a.side).toMatchObject({ io_served: true, serving_node: { name: 'lb-1', source: 'reported' } });
  });

  it('after the primary failed: names the new serving node, since when and the failed node', () => {
    const events = [event(1, 'Inactive', '2025-06-01T10:32:15Z'), event(1, 'Deactivating', '2025-06-01T10:32:05Z')];
    const a = assessLightbitsVolume(
      input(
        { primaryNodeUuid: 'u2', protectionState: 'Degraded' },
        { nodes: [node(1, 'Inactive'), node(2), node(3)], events },
      ),
    );
    expect(a.verdict).toBe('degraded');
    expect(a.summary).toBe(
      'served by node lb-2 since 10:32:15 UTC (after node lb-1 failed); 2 of 3 replicas healthy; Degraded',
    );
    expect(a.side).toMatchObject({
      serving_since: '2025-06-01T10:32:15Z',
      failed_nodes: ['lb-1'],
      healthy_replicas: 2,
      io_served: true,
    });
  });

  it('derives the serving node when the cluster does not report one, and says so', () => {
    const a = assessLightbitsVolume(
      input(
        { primaryNodeUuid: undefined, protectionState: 'Degraded' },
        { nodes: [node(1, 'Inactive'), node(2), node(3)], events: undefined },
      ),
    );
    expect(a.side.serving_node).toMatchObject({ name: 'lb-2', source: 'derived' });
    expect(a.summary).toContain('served by node lb-2 (derived: first healthy replica) since an unknown time');
    expect(a.summary).toContain('the Lightbits events could not be read');
  });

  it('says I/O is not served while the primary is Deactivating', () => {
    const a = assessLightbitsVolume(
      input({ protectionState: 'Degraded' }, { nodes: [node(1, 'Deactivating'), node(2), node(3)] }),
    );
    expect(a.verdict).toBe('down');
    expect(a.side.io_served).toBe(false);
    expect(a.summary).toMatch(/^I\/O is not being served: primary node lb-1 is Deactivating/);
  });

  it('mentions a failed secondary without claiming the role moved', () => {
    const events = [event(3, 'Inactive', '2025-06-01T09:00:00Z')];
    const a = assessLightbitsVolume(
      input({ protectionState: 'Degraded' }, { nodes: [node(1), node(2), node(3, 'Inactive')], events }),
    );
    expect(a.summary).toBe(
      'served by node lb-1; node lb-3 is Inactive since 09:00:00 UTC; 2 of 3 replicas healthy; Degraded',
    );
    expect(a.side.serving_since).toBeUndefined();
  });

  it('after a restore: FullyProtected, and the role that moved is explained', () => {
    const events = [event(1, 'Active', '2025-06-01T11:00:00Z'), event(1, 'Inactive', '2025-05-31T10:32:00Z')];
    const a = assessLightbitsVolume(input({ primaryNodeUuid: 'u2' }, { events }));
    expect(a.verdict).toBe('healthy');
    expect(a.summary).toBe(
      'served by node lb-2 since 2025-05-31 10:32 UTC (after node lb-1 failed; lb-1 is Active again); 3 of 3 replicas healthy; FullyProtected',
    );
  });

  it('is down when no replica is Active', () => {
    const a = assessLightbitsVolume(
      input(
        { primaryNodeUuid: undefined, protectionState: 'NotAvailable' },
        { nodes: [node(1, 'Inactive'), node(2, 'Inactive'), node(3, 'Inactive')] },
      ),
    );
    expect(a.verdict).toBe('down');
    expect(a.summary).toBe(
      'I/O is not being served: no replica node is Active (lb-1 Inactive, lb-2 Inactive, lb-3 Inactive); 0 of 3 replicas healthy; NotAvailable',
    );
  });

  it('without node states, rests the verdict on the protection state', () => {
    const a = assessLightbitsVolume(input({ protectionState: 'Degraded' }, { nodes: undefined }));
    expect(a.verdict).toBe('degraded');
    expect(a.summary).toContain('node states could not be read, so primary node u1 (reported; its state is unknown)');
    expect(assessLightbitsVolume(input({}, { nodes: undefined })).verdict).toBe('healthy');
  });
});
