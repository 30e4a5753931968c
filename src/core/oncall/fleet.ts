import type { Cloud } from '../cloud/cloud.js';
import { checkCinder, checkNova } from '../health/openstack-checks.js';
import type { CheckError, OpenStackService } from '../health/schema.js';
import { settle } from '../health/settle.js';

/** One Lightbits node as the watcher keeps it. */
export interface FleetNode {
  uuid: string;
  name: string;
  hostname: string | undefined;
  state: string;
}

/** One Lightbits volume: its placement and protection, nothing else (10,000 of these per cycle). */
export interface FleetVolume {
  uuid: string;
  name: string;
  project: string;
  protectionState: string;
  replicaCount: number;
  nodeList: string[];
  primary: string | undefined;
  rebuildProgress: string | undefined;
}

/** A Cinder volume's id, name and the servers it is attached to. */
export interface FleetCinderVolume {
  id: string;
  name: string;
  servers: string[];
}

/**
 * What one watcher cycle sees: Lightbits nodes and volumes (by project), Cinder volumes with their attachments,
 * Nova servers' names, and the cinder-volume and nova-compute services. A part that could not be read is undefined
 * and its failure is in `errors`, so the watcher tells "unknown" from "changed".
 */
export interface Fleet {
  at: string;
  nodes: FleetNode[] | undefined;
  volumes: FleetVolume[] | undefined;
  cinder: Map<string, FleetCinderVolume> | undefined;
  servers: Map<string, string> | undefined;
  services: OpenStackService[] | undefined;
  /** The Lightbits API address that answered last (the cluster moves its API between nodes). */
  apiEndpoint: string | undefined;
  errors: { source: 'lightbits' | 'openstack'; error: CheckError }[];
}

/** The Lightbits projects the cloud's volumes live in: the configured one and every volume type's lightos:project_name. */
async function lightbitsProjects(cloud: Cloud, fallback: string): Promise<string[]> {
  const projects = new Set([fallback]);
  const types = await settle('Cinder volume types', () => cloud.openstack.volume.listVolumeTypes());
  if (types.ok)
    for (const t of types.value)
      if (t.extraSpecs?.['lightos:project_name']) projects.add(t.extraSpecs['lightos:project_name']);
  return [...projects];
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Every project's servers when the account may list them, else its own project's. */
async function listServers(cloud: Cloud) {
  try {
    return await collect(cloud.openstack.compute.listServers({ allTenants: true }));
  } catch {
    return collect(cloud.openstack.compute.listServers({}));
  }
}

async function readLightbitsVolumes(cloud: Cloud): Promise<FleetVolume[]> {
  const lb = cloud.lightbits;
  if (!lb) return [];
  const projects = await lightbitsProjects(cloud, lb.project);
  const lists = await Promise.all(
    projects.map(async (project) =>
      (await lb.listVolumes(project)).map(
        (v): FleetVolume => ({
          uuid: v.uuid,
          name: v.name,
          project: v.projectName ?? project,
          protectionState: v.protectionState,
          replicaCount: v.replicaCount,
          nodeList: v.nodeList,
          primary: v.primaryNodeUuid,
          rebuildProgress: v.rebuildProgress,
        }),
      ),
    ),
  );
  return lists.flat();
}

/** Cinder's volumes and Nova's server names, as read before: they change far less often than Lightbits' state. */
export type Attachments = Pick<Fleet, 'cinder' | 'servers'>;

/**
 * Reads the whole fleet at once; each part keeps its own failure. With `attachments`, Cinder's volumes and Nova's
 * servers are taken from there instead of listed again (10,000 Cinder volumes are most of a cycle's cost).
 */
export async function readFleet(
  cloud: Cloud,
  now: Date,
  timeoutMs?: number,
  attachments?: Attachments,
): Promise<Fleet> {
  const lb = cloud.lightbits;
  const os = cloud.openstack;
  const [nodes, volumes, cinder, servers, cinderServices, novaServices] = await Promise.all([
    lb ? settle('Lightbits nodes', () => lb.listNodes(), timeoutMs) : undefined,
    lb ? settle('Lightbits volumes', () => readLightbitsVolumes(cloud), timeoutMs) : undefined,
    attachments
      ? undefined
      : settle('Cinder volumes', () => collect(os.volume.listVolumes({ allTenants: true })), timeoutMs),
    attachments ? undefined : settle('Nova servers', () => listServers(cloud), timeoutMs),
    checkCinder(os, timeoutMs),
    checkNova(os, timeoutMs),
  ]);
  const errors: Fleet['errors'] = [];
  if (nodes && !nodes.ok) errors.push({ source: 'lightbits', error: nodes.error });
  if (volumes && !volumes.ok) errors.push({ source: 'lightbits', error: volumes.error });
  if (cinder && !cinder.ok) errors.push({ source: 'openstack', error: cinder.error });
  if (servers && !servers.ok) errors.push({ source: 'openstack', error: servers.error });
  for (const s of [cinderServices, novaServices]) if (s.error) errors.push({ source: 'openstack', error: s.error });
  return {
    at: now.toISOString(),
    nodes: nodes?.ok
      ? nodes.value.map((n) => ({
          uuid: n.uuid,
          name: n.name ?? n.hostname ?? n.uuid,
          hostname: n.hostname,
          state: n.state,
        }))
      : undefined,
    volumes: volumes?.ok ? volumes.value : undefined,
    cinder: !cinder
      ? attachments?.cinder
      : cinder.ok
        ? new Map(
            cinder.value.map((v) => [
              v.id,
              { id: v.id, name: v.name, servers: v.attachments.flatMap((a) => (a.serverId ? [a.serverId] : [])) },
            ]),
          )
        : undefined,
    servers: !servers
      ? attachments?.servers
      : servers.ok
        ? new Map(servers.value.map((s) => [s.id, s.name]))
        : undefined,
    services:
      cinderServices.status === 'ok' && novaServices.status === 'ok'
        ? [...cinderServices.services, ...novaServices.services].filter(
            (s) => s.binary === 'cinder-volume' || s.binary === 'nova-compute',
          )
        : undefined,
    apiEndpoint: lb?.activeEndpoint || undefined,
    errors,
  };
}

/** Lightbits is configured but neither its nodes nor its volumes answered. */
export function lightbitsUnreachable(f: Fleet): boolean {
  return f.errors.some((e) => e.source === 'lightbits') && f.nodes === undefined && f.volumes === undefined;
}
