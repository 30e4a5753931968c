import { ApiError } from '../../clients/api-error.js';
import { findByNameOrId, looksLikeUuid, orNotFound } from '../../clients/openstack/find.js';
import type { OpenStack, Server, Volume } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { mustFind } from '../cloud/resolve.js';
import { OpsError } from '../errors/ops-error.js';
import type { CinderSide } from './schema.js';

export type FailoverTarget = { server: string; volume?: undefined } | { volume: string; server?: undefined };

export interface ResolvedTarget {
  kind: 'server' | 'volume';
  server: Server | undefined;
  volumes: Volume[];
  /** Volumes Nova lists on the server that Cinder does not show. */
  missing: string[];
}

/** Exactly one of server or volume, by name or id. */
export function checkTarget(input: { server?: string | undefined; volume?: string | undefined }): FailoverTarget {
  const server = input.server?.trim();
  const volume = input.volume?.trim();
  if (server && !volume) return { server };
  if (volume && !server) return { volume };
  throw new OpsError(
    'INPUT.INVALID',
    server
      ? 'Give either server or volume, not both: the answer covers a server and all its volumes, or one volume.'
      : 'Name a server or a volume (by name or id): e.g. server "web-1" or volume "web-1-root".',
  );
}

export async function resolveTarget(cloud: Cloud, target: FailoverTarget): Promise<ResolvedTarget> {
  const os = cloud.openstack;
  if (target.volume !== undefined) {
    const volume = await mustFind('volume', target.volume, (r) => os.volume.findVolume(r, { allTenants: true }));
    return { kind: 'volume', server: undefined, volumes: [volume], missing: [] };
  }
  const server = await mustFind('server', target.server, (r) => findServer(os, r));
  const found = await Promise.all(server.volumesAttached.map((a) => orNotFound(os.volume.getVolume(a.id))));
  const volumes = found.filter((v): v is Volume => v !== undefined);
  const missing = server.volumesAttached.map((a) => a.id).filter((id) => !volumes.some((v) => v.id === id));
  return { kind: 'server', server, volumes, missing };
}

/** By id, else by exact name in every project (falls back to the account's own project without the admin role). */
export function findServer(os: OpenStack, ref: string): Promise<Server | undefined> {
  return findByNameOrId({
    kind: 'server',
    nameOrId: ref,
    tryId: looksLikeUuid(ref),
    byId: (id) => os.compute.getServer(id),
    byName: (name) => serversNamed(os, name),
  });
}

async function* serversNamed(os: OpenStack, name: string): AsyncGenerator<Server> {
  // Nova's name filter is a regular expression: anchor it and escape the name.
  const filter = `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  try {
    yield* os.compute.listServers({ name: filter, allTenants: true });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
    yield* os.compute.listServers({ name: filter });
  }
}

export function cinderView(v: Volume): CinderSide {
  return {
    id: v.id,
    name: v.name,
    status: v.status,
    size_gb: v.size,
    ...(v.volumeType ? { volume_type: v.volumeType } : {}),
    ...(v.host ? { backend_host: v.host } : {}),
    bootable: v.bootable,
    attachments: v.attachments.map((a) => ({
      ...(a.serverId ? { server_id: a.serverId } : {}),
      ...(a.device ? { device: a.device } : {}),
      ...(a.hostName ? { compute_host: a.hostName } : {}),
      ...(a.attachedAt ? { attached_at: a.attachedAt } : {}),
    })),
  };
}
