import type { LightbitsEvent, LightbitsNode, LightbitsVolume } from '../../clients/lightbits/index.js';
import { nodeServesIo } from '../health/lightbits-check.js';
import { lastFailureOf, type NodeRef } from './events.js';
import type { FailoverVerdict, LightbitsSide, Replica } from './schema.js';
import { failedAt, newest, sinceClause } from './since.js';

export interface AssessInput {
  volume: Pick<
    LightbitsVolume,
    'uuid' | 'name' | 'state' | 'protectionState' | 'replicaCount' | 'nodeList' | 'primaryNodeUuid' | 'rebuildProgress'
  >;
  project: string;
  /** Undefined when the node list could not be read: the verdict then rests on the protection state alone. */
  nodes: Pick<LightbitsNode, 'uuid' | 'name' | 'hostname' | 'state'>[] | undefined;
  /** Newest first; undefined when the events could not be read. */
  events: LightbitsEvent[] | undefined;
  now: Date;
}

export interface Assessment {
  side: LightbitsSide;
  verdict: FailoverVerdict;
  summary: string;
}

const USABLE_STATES = ['Available', 'Updating', 'Migrating'];

/**
 * Replicas, the serving node and protection of one Lightbits volume, in a verdict people can act on. The serving
 * node is the cluster's primaryNodeUUID when reported; otherwise the first healthy replica (derived, and said so).
 */
export function assessLightbitsVolume(input: AssessInput): Assessment {
  if (!input.nodes) return fromProtectionOnly(input);
  const { volume: v, now } = input;
  const byUuid = new Map(input.nodes.map((n) => [n.uuid, n]));
  const ref = (uuid: string): NodeRef & { state: string } => {
    const n = byUuid.get(uuid);
    return { uuid, name: n?.name ?? n?.hostname ?? uuid, state: n?.state ?? 'Unknown' };
  };
  const nodes = v.nodeList.map(ref);
  const servingUuid = v.primaryNodeUuid ?? nodes.find((n) => nodeServesIo(n.state))?.uuid;
  const serving = servingUuid ? ref(servingUuid) : undefined;
  const replicas: Replica[] = nodes.map((n) => ({
    node_uuid: n.uuid,
    node_name: n.name,
    state: n.state,
    healthy: nodeServesIo(n.state),
    primary: n.uuid === servingUuid,
  }));
  const healthy = replicas.filter((r) => r.healthy).length;
  const failed = nodes.filter((n) => n.state !== 'Active');
  const usable = USABLE_STATES.includes(v.state) && v.protectionState !== 'NotAvailable';
  const ioServed = nodes.length === 0 ? undefined : usable && serving?.state === 'Active';

  // The first replica starts as primary and a primary moves to the next healthy one, so a node listed before the
  // serving one that is down, or has failed recently, is where the role came from.
  const servingIndex = serving ? v.nodeList.indexOf(serving.uuid) : -1;
  const before = servingIndex > 0 ? nodes.slice(0, servingIndex) : [];
  const movedFrom = before.filter((n) => n.state !== 'Active' || (input.events && lastFailureOf(input.events, n)));
  const others = serving ? failed.filter((n) => !movedFrom.includes(n) && n.uuid !== serving.uuid) : [];
  const movedEvent = input.events && newest(movedFrom.map((n) => lastFailureOf(input.events ?? [], n)));

  const parts: string[] = [];
  if (nodes.length === 0) parts.push('Lightbits does not list which nodes hold the replicas');
  else if (!serving) {
    parts.push(
      `I/O is not being served: no replica node is Active (${nodes.map((n) => `${n.name} ${n.state}`).join(', ')})`,
    );
  } else if (!ioServed && serving.state !== 'Active') {
    parts.push(
      `I/O is not being served: primary node ${serving.name} is ${serving.state} (the cluster moves its role to a healthy replica)`,
    );
  } else if (!ioServed)
    parts.push(`I/O is not being served: the volume is ${v.state}, protection ${v.protectionState}`);
  else {
    const derived = v.primaryNodeUuid ? '' : ' (derived: first healthy replica)';
    parts.push(`served by node ${serving.name}${derived}${sinceClause(movedFrom, movedEvent, input.events, now)}`);
  }
  for (const n of others) parts.push(`node ${n.name} is ${n.state}${failedAt(n, input.events, now)}`);
  if (nodes.length) parts.push(`${healthy} of ${nodes.length} replicas healthy`);
  parts.push(v.protectionState);
  if (!USABLE_STATES.includes(v.state)) parts.push(`volume state ${v.state}`);
  if (v.rebuildProgress) parts.push(`rebuild ${v.rebuildProgress}`);

  const verdict: FailoverVerdict =
    ioServed === false || v.protectionState === 'NotAvailable' || !USABLE_STATES.includes(v.state)
      ? 'down'
      : v.protectionState === 'FullyProtected' && failed.length === 0
        ? 'healthy'
        : 'degraded';
  const side: LightbitsSide = {
    ...baseSide(input),
    replicas,
    healthy_replicas: healthy,
    ...(serving
      ? { serving_node: { ...serving, source: v.primaryNodeUuid ? ('reported' as const) : ('derived' as const) } }
      : {}),
    ...(ioServed === undefined ? {} : { io_served: ioServed }),
    ...(ioServed && movedEvent?.time ? { serving_since: movedEvent.time } : {}),
    failed_nodes: failed.map((n) => n.name),
  };
  return { side, verdict, summary: parts.join('; ') };
}

function baseSide({ volume: v, project }: AssessInput) {
  return {
    status: 'found' as const,
    project,
    name: v.name,
    uuid: v.uuid,
    state: v.state,
    protection_state: v.protectionState,
    replica_count: v.replicaCount,
    ...(v.rebuildProgress ? { rebuild_progress: v.rebuildProgress } : {}),
  };
}

/** The cluster derives protection from its nodes' health, so it alone still tells how the volume stands. */
function fromProtectionOnly(input: AssessInput): Assessment {
  const v = input.volume;
  const primary = v.primaryNodeUuid;
  const replicas = v.nodeList.map((uuid) => ({
    node_uuid: uuid,
    node_name: uuid,
    state: 'Unknown',
    healthy: false,
    primary: uuid === primary,
  }));
  const usable = USABLE_STATES.includes(v.state);
  const verdict: FailoverVerdict =
    !usable || v.protectionState === 'NotAvailable'
      ? 'down'
      : v.protectionState === 'FullyProtected'
        ? 'healthy'
        : v.protectionState === 'Degraded' || v.protectionState === 'ReadOnly'
          ? 'degraded'
          : 'unknown';
  const serving = primary ? `primary node ${primary} (reported; its state is unknown)` : 'the serving node is unknown';
  const parts = [`node states could not be read, so ${serving}`, `${v.replicaCount} replicas`, v.protectionState];
  if (!usable) parts.push(`volume state ${v.state}`);
  return {
    side: {
      ...baseSide(input),
      replicas,
      ...(primary
        ? { serving_node: { uuid: primary, name: primary, state: 'Unknown', source: 'reported' as const } }
        : {}),
      failed_nodes: [],
    },
    verdict,
    summary: parts.join('; '),
  };
}
