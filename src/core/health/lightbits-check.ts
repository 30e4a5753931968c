import type {
  LightbitsClient,
  LightbitsClusterHealth,
  LightbitsNode,
  LightbitsVolume,
} from '../../clients/lightbits/index.js';
import { capacityFrom } from './capacity.js';
import type { CheckError, LightbitsHealth, LightbitsNodeHealth, VolumeProtection } from './schema.js';
import { type Settled, settle } from './settle.js';

export const LIGHTBITS_NOT_CONFIGURED =
  'Lightbits is not configured (no LIGHTBITS_API_ENDPOINTS), so the storage cluster was not checked.';

/**
 * The cluster (info, health, capacity), its nodes and its volumes' protection, each check on its own. Volume
 * counts come from the cluster's own health figures when it reports them (one request, whatever the volume count);
 * only without them are the configured project's volumes listed and counted.
 */
export async function checkLightbits(lb: LightbitsClient | undefined, timeoutMs?: number): Promise<LightbitsHealth> {
  if (!lb) return { status: 'not_configured', message: LIGHTBITS_NOT_CONFIGURED, nodes: [], errors: [] };
  const [cluster, nodes] = await Promise.all([
    settle('Lightbits cluster', () => lb.cluster(), timeoutMs),
    settle('Lightbits nodes', () => lb.listNodes(), timeoutMs),
  ]);
  const errors: CheckError[] = [];
  const out: LightbitsHealth = { status: 'ok', nodes: [], errors };

  let health: LightbitsClusterHealth | undefined;
  if (cluster.ok) {
    const c = cluster.value;
    health = c.health;
    out.cluster = clusterView(c, c.health?.state);
    const cap = capacityFrom(c.statistics);
    if (cap) out.capacity = cap;
  }
  const [info, counted] = await Promise.all([
    cluster.ok ? undefined : settle('Lightbits cluster info', () => lb.clusterInfo(), timeoutMs),
    health ? undefined : settle('Lightbits volumes', () => lb.listVolumes(), timeoutMs),
  ]);
  if (info?.ok) out.cluster = clusterView(info.value, undefined);
  else if (info) errors.push(info.error);
  if (!cluster.ok) {
    // GET /cluster needs a cluster-admin JWT; with a lesser one the fallbacks are the answer, not a fault.
    if (cluster.error.code === 'LIGHTBITS.FORBIDDEN' && info?.ok) {
      out.message = `The Lightbits JWT may not read GET /api/v2/cluster (cluster-admin only): capacity is unknown and volumes were counted in project ${lb.project} only.`;
    } else errors.push(cluster.error);
  }

  if (health) out.volumes = fromClusterHealth(health);
  else if (counted) addCount(out, counted, lb.project, errors);

  if (nodes.ok) out.nodes = nodes.value.map(nodeView);
  else errors.push(nodes.error);

  out.api_endpoint = lb.activeEndpoint || undefined;
  const answered = cluster.ok || nodes.ok || info?.ok || counted?.ok;
  out.status = errors.length === 0 ? 'ok' : answered ? 'partial' : 'error';
  return out;
}

function clusterView(
  c: {
    uuid: string;
    clusterName: string | undefined;
    subsystemNqn: string;
    currentMaxReplicas: number | undefined;
    apiEndpoints: string[];
  },
  healthState: string | undefined,
): NonNullable<LightbitsHealth['cluster']> {
  return {
    uuid: c.uuid,
    ...(c.clusterName ? { name: c.clusterName } : {}),
    subsystem_nqn: c.subsystemNqn,
    ...(healthState ? { health_state: healthState } : {}),
    ...(c.currentMaxReplicas !== undefined ? { current_max_replicas: c.currentMaxReplicas } : {}),
    api_endpoints: c.apiEndpoints,
  };
}

/** Only an Active node serves I/O: the one rule for a healthy replica, a failed node and a node that is up. */
export function nodeServesIo(state: string): boolean {
  return state === 'Active';
}

export function nodeView(n: LightbitsNode): LightbitsNodeHealth {
  return {
    name: n.name ?? n.hostname ?? n.uuid,
    uuid: n.uuid,
    state: n.state,
    healthy: nodeServesIo(n.state),
    ...(n.nvmeEndpoint ? { nvme_endpoint: n.nvmeEndpoint } : {}),
    ...(n.failureInfo ? { failure_info: n.failureInfo } : {}),
  };
}

export function fromClusterHealth(h: LightbitsClusterHealth): VolumeProtection {
  return {
    not_fully_protected: h.numDegradedVolumes + h.numReadOnlyVolumes + h.numNotAvailableVolumes,
    degraded: h.numDegradedVolumes,
    read_only: h.numReadOnlyVolumes,
    not_available: h.numNotAvailableVolumes,
    fully_protected: h.numHealthyVolumes,
    source: 'cluster_health',
  };
}

/** One pass over the list, nothing kept: counting 10,000 volumes costs their ten pages and no more. */
export function countProtection(
  volumes: Iterable<Pick<LightbitsVolume, 'protectionState'>>,
): Omit<VolumeProtection, 'source'> {
  let full = 0;
  let readOnly = 0;
  let notAvailable = 0;
  let degraded = 0;
  let other = 0;
  for (const v of volumes) {
    if (v.protectionState === 'FullyProtected') full++;
    else if (v.protectionState === 'ReadOnly') readOnly++;
    else if (v.protectionState === 'NotAvailable' || v.protectionState === 'Inaccessible') notAvailable++;
    else if (v.protectionState === 'Degraded') degraded++;
    else other++;
  }
  return {
    not_fully_protected: degraded + readOnly + notAvailable + other,
    degraded,
    read_only: readOnly,
    not_available: notAvailable,
    fully_protected: full,
    ...(other ? { other } : {}),
  };
}

function addCount(out: LightbitsHealth, counted: Settled<LightbitsVolume[]>, project: string, errors: CheckError[]) {
  if (counted.ok) out.volumes = { ...countProtection(counted.value), source: 'volume_list', project };
  else errors.push(counted.error);
}
