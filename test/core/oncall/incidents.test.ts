import { describe, expect, it } from 'vitest';
import { volumeRisk } from '../../../src/core/oncall/classify.js';
import type { Fleet, FleetVolume } from '../../../src/core/oncall/fleet.js';
import { type OpenIncident, updateIncidents } from '../../../src/core/oncall/incidents.js';
import { describe as describeTransitions, transitions } from '../../../src/core/oncall/transitions.js';

const N = ['n1', 'n2', 'n3'];
const cinderId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Six volumes on two replicas each, round robin, the first replica primary; volume i attached to server s<i>. */
function fleet(
  states: string[],
  opts: { at?: string; primaries?: Record<number, string>; errors?: boolean } = {},
): Fleet {
  const volumes: FleetVolume[] = Array.from({ length: 6 }, (_, i) => {
    const nodeList = [`u${(i % 3) + 1}`, `u${((i + 1) % 3) + 1}`];
    const down = (u: string) => states[Number(u.slice(1)) - 1] !== 'Active';
    const healthy = nodeList.filter((u) => !down(u)).length;
    return {
      uuid: `lv${i}`,
      name: `volume-${cinderId(i)}`,
      project: 'p',
      protectionState: healthy === 2 ? 'FullyProtected' : healthy === 1 ? 'ReadOnly' : 'NotAvailable',
      replicaCount: 2,
      nodeList,
      primary: opts.primaries?.[i] ?? nodeList[0],
      rebuildProgress: undefined,
    };
  });
  return {
    at: opts.at ?? '2026-12-06T10:00:00.000Z',
    nodes: opts.errors
      ? undefined
      : N.map((name, i) => ({ uuid: `u${i + 1}`, name, hostname: name, state: states[i]! })),
    volumes: opts.errors ? undefined : volumes,
    cinder: new Map(volumes.map((_, i) => [cinderId(i), { id: cinderId(i), name: `v${i}`, servers: [`s${i}`] }])),
    servers: new Map(volumes.map((_, i) => [`s${i}`, `vm-${i}`])),
    services: [{ binary: 'cinder-volume', host: 'c@lb', status: 'enabled', state: 'up' }],
    apiEndpoint: '10.0.0.1:443',
    errors: opts.errors
      ? [{ source: 'lightbits', error: { check: 'Lightbits nodes', code: 'API.UNREACHABLE', message: 'refused' } }]
      : [],
  };
}

let n = 0;
const newId = () => `inc-${++n}`;
const asOpen = (us: ReturnType<typeof updateIncidents>): OpenIncident[] =>
  us
    .filter((u) => u.incident.status === 'open')
    .map((u) => ({ incident: u.incident, movedPrimaries: u.movedPrimaries }));

describe('volumeRisk', () => {
  it('tells I/O lost, a single replica and a primary to move apart', () => {
    const v = { nodeList: ['a', 'b', 'c'], primary: 'a' };
    expect(volumeRisk(v, (u) => u === 'a')).toMatchObject({ healthy: 2, primaryDown: true, singleReplica: false });
    expect(volumeRisk(v, (u) => u !== 'c')).toMatchObject({ healthy: 1, singleReplica: true, ioLost: false });
    expect(volumeRisk(v, () => true)).toMatchObject({ healthy: 0, ioLost: true, primaryDown: false });
    expect(volumeRisk(v, () => false).affected).toBe(false);
  });
});

describe('transitions', () => {
  it('sees nothing on the first cycle, and each change after it', () => {
    const a = fleet(['Active', 'Active', 'Active']);
    expect(transitions(undefined, a)).toEqual([]);
    const b = fleet(['Inactive', 'Active', 'Active'], { primaries: { 0: 'u2', 2: 'u1' } });
    b.services = [{ binary: 'cinder-volume', host: 'c@lb', status: 'enabled', state: 'down' }];
    const ts = transitions(a, b);
    expect(ts).toContainEqual({ kind: 'node', node: 'n1', uuid: 'u1', from: 'Active', to: 'Inactive' });
    expect(ts).toContainEqual({ kind: 'primary_moved', volume: 'lv0', from: 'n1', to: 'n2' });
    expect(ts).toContainEqual({ kind: 'service', binary: 'cinder-volume', host: 'c@lb', from: 'up', to: 'down' });
    expect(ts.filter((t) => t.kind === 'protection')).toHaveLength(4);
    expect(describeTransitions(ts)).toContain('4 volumes: FullyProtected → ReadOnly');
  });

  it('does not count a part that could not be read as a change, but says the API stopped answering', () => {
    const a = fleet(['Active', 'Active', 'Active']);
    const ts = transitions(a, fleet(['Active', 'Active', 'Active'], { errors: true }));
    expect(ts).toEqual([{ kind: 'reachable', to: false }]);
  });
});

describe('updateIncidents', () => {
  it('groups a node failure and its volume transitions into one incident, and raises it on a second failure', () => {
    const healthy = fleet(['Active', 'Active', 'Active']);
    expect(updateIncidents([], healthy, [], newId)).toEqual([]);

    const one = fleet(['Inactive', 'Active', 'Active'], { primaries: { 0: 'u2', 3: 'u2' } });
    const opened = updateIncidents([], one, transitions(healthy, one), newId);
    expect(opened).toHaveLength(1);
    const inc = opened[0]!.incident;
    expect(opened[0]!.change).toBe('opened');
    expect(inc).toMatchObject({ key: 'lightbits', severity: 'single_replica', status: 'open' });
    expect(inc.blast_radius!.failed_over.map((v) => v.name)).toEqual(['vm-0', 'vm-3']);
    expect(inc.blast_radius!.single_replica.map((v) => v.name)).toEqual(['vm-0', 'vm-2', 'vm-3', 'vm-5']);
    expect(opened[0]!.movedPrimaries.sort()).toEqual(['lv0', 'lv3']);
    expect(inc.serving_nodes).toEqual(['n2']);

    // Nothing new: nothing to write.
    expect(updateIncidents(asOpen(opened), one, [], newId)).toEqual([]);

    const two = fleet(['Inactive', 'Inactive', 'Active'], { primaries: { 0: 'u2', 3: 'u2', 1: 'u3', 4: 'u3' } });
    const raised = updateIncidents(asOpen(opened), two, transitions(one, two), newId);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ change: 'changed' });
    expect(raised[0]!.incident).toMatchObject({ id: inc.id, severity: 'io_lost', peak_severity: 'io_lost' });
    expect(raised[0]!.incident.blast_radius!.io_lost.map((v) => v.name)).toEqual(['vm-0', 'vm-3']);
    // A VM without I/O is named there only.
    expect(raised[0]!.incident.blast_radius!.failed_over.map((v) => v.name)).toEqual(['vm-1', 'vm-4']);
    expect(raised[0]!.lines).toContain('Severity single_replica → io_lost');
  });

  it('resolves once every node is Active and every volume fully protected, not while the cluster is unreadable', () => {
    const down = fleet(['Inactive', 'Active', 'Active'], { at: '2026-12-06T10:00:00.000Z' });
    const open = asOpen(updateIncidents([], down, [], newId));
    const unreadable = fleet(['Active', 'Active', 'Active'], { errors: true, at: '2026-12-06T10:05:00.000Z' });
    const meanwhile = updateIncidents(open, unreadable, [], newId);
    expect(meanwhile.map((u) => [u.change, u.incident.key])).toEqual([['opened', 'lightbits_api']]);

    const back = fleet(['Active', 'Active', 'Active'], { at: '2026-12-06T10:12:00.000Z' });
    const resolved = updateIncidents(open, back, transitions(down, back), newId);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.change).toBe('resolved');
    expect(resolved[0]!.incident).toMatchObject({ status: 'resolved', resolved_at: '2026-12-06T10:12:00.000Z' });
    expect(resolved[0]!.incident.timeline.at(-1)!.text).toBe('Resolved after 12 min');
  });

  it('keeps a service down as its own incident', () => {
    const f = fleet(['Active', 'Active', 'Active']);
    f.services = [{ binary: 'nova-compute', host: 'cmp1', status: 'enabled', state: 'down' }];
    const us = updateIncidents([], f, [], newId);
    expect(us.map((u) => [u.incident.key, u.incident.severity])).toEqual([['service:nova-compute@cmp1', 'info']]);
  });
});
