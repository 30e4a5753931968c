import { Counter, Gauge, Histogram } from 'prom-client';
import type { OncallWatcher, WatcherCycle } from '../app/oncall-watcher.js';
import { vmCounts } from '../core/oncall/blast-radius.js';
import { lightbitsUnreachable } from '../core/oncall/fleet.js';
import { SEVERITIES } from '../core/oncall/schema.js';
import type { Metrics } from './metrics.js';

const PROTECTION_STATES = ['FullyProtected', 'Degraded', 'ReadOnly', 'NotAvailable'] as const;
const RISKS = ['io_lost', 'failed_over', 'single_replica'] as const;
const SOURCES = ['lightbits', 'openstack'] as const;

/**
 * The watcher's gauges in the serve process's registry (names agreed in the metrics contract of issue 14). Set
 * after every cycle from what it read and the incidents as the store has them, so every replica reports the same.
 */
export function registerWatchMetrics(metrics: Metrics, watcher: OncallWatcher): () => void {
  const registers = [metrics.registry];
  const nodeState = new Gauge({
    name: 'blockops_lightbits_node_state',
    help: "1 for the Lightbits node's current state, 0 for states it was seen in before.",
    labelNames: ['node', 'state'],
    registers,
  });
  const nodeUp = new Gauge({
    name: 'blockops_lightbits_node_up',
    help: 'Whether the Lightbits node is Active (serves I/O).',
    labelNames: ['node'],
    registers,
  });
  const volumes = new Gauge({
    name: 'blockops_volumes',
    help: 'Lightbits volumes per protection state.',
    labelNames: ['protection_state'],
    registers,
  });
  const vms = new Gauge({
    name: 'blockops_vms_at_risk',
    help: 'Servers with a disk that lost I/O, failed over, or runs on a single replica.',
    labelNames: ['risk'],
    registers,
  });
  const open = new Gauge({
    name: 'blockops_incidents_open',
    help: 'Open on-call incidents by severity.',
    labelNames: ['severity'],
    registers,
  });
  const oldest = new Gauge({
    name: 'blockops_incident_oldest_open_age_seconds',
    help: 'Age of the oldest open incident (0 when none is open).',
    registers,
  });
  const lastFailover = new Gauge({
    name: 'blockops_last_failover_timestamp_seconds',
    help: 'Unix time of the last primary move the watcher saw (0 if never).',
    registers,
  });
  const duration = new Histogram({
    name: 'blockops_watcher_poll_duration_seconds',
    help: 'Time one watcher cycle takes: reading Lightbits, Cinder and Nova, and updating incidents.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const errors = new Counter({
    name: 'blockops_watcher_poll_errors_total',
    help: 'Watcher cycles in which a source did not answer, by source.',
    labelNames: ['source'],
    registers,
  });
  const lastSuccess = new Gauge({
    name: 'blockops_watcher_last_success_timestamp_seconds',
    help: 'Unix time of the last watcher cycle in which every source answered.',
    registers,
  });
  const reachable = new Gauge({
    name: 'blockops_watcher_cluster_reachable',
    help: 'Whether the Lightbits API answered the last watcher cycle.',
    registers,
  });
  const leader = new Gauge({
    name: 'blockops_watcher_is_leader',
    help: 'Whether this replica holds the watcher lease (and writes incidents).',
    registers,
  });
  for (const s of PROTECTION_STATES) volumes.set({ protection_state: s }, 0);
  for (const r of RISKS) vms.set({ risk: r }, 0);
  for (const s of SEVERITIES) open.set({ severity: s }, 0);
  for (const s of SOURCES) errors.inc({ source: s }, 0);
  oldest.set(0);
  lastFailover.set(0);
  lastSuccess.set(0);
  reachable.set(0);
  leader.set(0);
  const seen = new Map<string, Set<string>>();
  let lastFailoverS = 0;

  return watcher.onCycle((c: WatcherCycle) => {
    const f = c.fleet;
    duration.observe(c.durationSeconds);
    for (const s of new Set(f.errors.map((e) => e.source))) errors.inc({ source: s });
    if (watcher.lastSuccessAt) lastSuccess.set(watcher.lastSuccessAt.getTime() / 1000);
    reachable.set(lightbitsUnreachable(f) ? 0 : 1);
    leader.set(c.leader ? 1 : 0);
    for (const n of f.nodes ?? []) {
      const states = seen.get(n.name) ?? new Set<string>();
      states.add(n.state);
      seen.set(n.name, states);
      for (const s of states) nodeState.set({ node: n.name, state: s }, s === n.state ? 1 : 0);
      nodeUp.set({ node: n.name }, n.state === 'Active' ? 1 : 0);
    }
    if (f.volumes) {
      const count = Object.fromEntries(PROTECTION_STATES.map((s) => [s, 0])) as Record<string, number>;
      for (const v of f.volumes) count[v.protectionState] = (count[v.protectionState] ?? 0) + 1;
      for (const [s, n] of Object.entries(count)) volumes.set({ protection_state: s }, n);
    }
    const incidents = watcher.incidents;
    const lb = incidents.find((i) => i.key === 'lightbits');
    const counts = vmCounts(lb?.blast_radius);
    for (const r of RISKS) vms.set({ risk: r }, counts[r]);
    for (const s of SEVERITIES) open.set({ severity: s }, incidents.filter((i) => i.severity === s).length);
    const now = Date.parse(f.at);
    const opened = incidents.map((i) => Date.parse(i.opened_at));
    oldest.set(opened.length ? Math.max(0, (now - Math.min(...opened)) / 1000) : 0);
    const failovers = incidents.flatMap((i) => (i.last_failover_at ? [Date.parse(i.last_failover_at)] : []));
    if (c.transitions.some((t) => t.kind === 'primary_moved')) failovers.push(now);
    // The newest ever seen: a resolved incident's failover still happened.
    if (failovers.length) lastFailoverS = Math.max(lastFailoverS, Math.max(...failovers) / 1000);
    lastFailover.set(lastFailoverS);
  });
}
