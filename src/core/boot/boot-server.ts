import { waitFor } from '../../clients/openstack/wait.js';
import { deleteServerAndWait } from '../cloud/cleanup.js';
import type { Cloud } from '../cloud/cloud.js';
import * as refer from '../cloud/references.js';
import type { OperationContext } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';
import type { BootServerInput, BootServerOutput } from './schema.js';

type Ctx = Pick<OperationContext, 'progress' | 'checkpoint' | 'signal'>;

/**
 * Boots a server from a bootable volume (block_device_mapping_v2, no imageRef) and waits for ACTIVE.
 * A server that ends in ERROR is deleted (the volume is kept) and its fault message reported.
 */
export async function bootServer(cloud: Cloud, input: BootServerInput, ctx: Ctx): Promise<BootServerOutput> {
  const { compute } = cloud.openstack;
  // Checked again at run time: the volume may have been attached or deleted since the request was approved.
  const volume = (await refer.bootableVolume(cloud, input.volume)).found;
  const flavor = (await refer.flavor(cloud, input.flavor)).found;
  const netRef = input.network ?? 'auto';
  const net = await refer.network(cloud, netRef);
  const networks = net.found ? [{ uuid: net.id }] : (net.id as 'none' | 'auto');
  if (input.key_name) await refer.keyPair(cloud, input.key_name);
  const name = input.name ?? (volume.name.replace(/-vol-[0-9a-f]{6}$/, '') || `server-${volume.id.slice(0, 8)}`);

  const started = Date.now();
  ctx.progress({ message: `Booting ${name} (${flavor.name}) from volume ${volume.name}` });
  // Intent first: if this process dies before the id is recorded, recovery finds the server by its name.
  await ctx.checkpoint({ server_name: name });
  const created = await compute.createServer({
    name,
    flavorRef: flavor.id,
    bootVolumeId: volume.id,
    networks,
    keyName: input.key_name,
    deleteOnTermination: false,
  });
  await ctx.checkpoint({ server_id: created.id, volume_id: volume.id });
  try {
    const { resource: server, statuses } = await waitFor(() => compute.getServer(created.id), {
      status: (s) => s.status,
      target: ['ACTIVE'],
      failures: ['ERROR', 'DELETED', 'SOFT_DELETED'],
      timeoutMs: 15 * 60_000,
      intervalMs: cloud.pollMs,
      signal: ctx.signal,
      resource: `server ${created.id} (${name})`,
      onStatus: (s) => ctx.progress({ message: `Server ${name} is ${s}` }),
    });
    return {
      server_id: server.id,
      name: server.name,
      status: server.status,
      addresses: server.addresses.map((a) => ({ network: a.network, addr: a.addr, version: a.version })),
      volume_id: volume.id,
      flavor: flavor.name,
      network: typeof networks === 'string' ? networks : netRef,
      ...(input.key_name ? { key_name: input.key_name } : {}),
      statuses_seen: statuses,
      duration_ms: Date.now() - started,
    };
  } catch (e) {
    throw await deleteFailedServer(cloud, created.id, volume.id, e);
  }
}

async function deleteFailedServer(cloud: Cloud, serverId: string, volumeId: string, cause: unknown): Promise<OpsError> {
  const err = toOpsError(cause);
  const leftovers = await deleteServerAndWait(cloud, serverId);
  return new OpsError(
    err.code === 'CLOUD.WAIT_FAILED' ? 'SERVER.BOOT_FAILED' : err.code,
    `${err.message} ${leftovers.length ? 'The server could not be deleted.' : `The failed server was deleted; volume ${volumeId} is kept.`}`,
    { cause, details: { ...err.details, leftovers } },
  );
}
