import { isTransient } from '../../clients/openstack/wait.js';
import { toOpsError } from '../errors/to-ops-error.js';
import type { Cloud } from './cloud.js';

const GONE_WITHIN_MS = 2 * 60_000;

/** Until done() or the deadline; a poll that fails transiently (5xx, no answer) is asked again, not given up on. */
async function poll(cloud: Cloud, done: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + GONE_WITHIN_MS;
  while (Date.now() < deadline) {
    try {
      if (await done()) return true;
    } catch (e) {
      if (!isTransient(e) || Date.now() >= deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, cloud.pollMs));
  }
  return false;
}

function isNotFound(e: unknown): boolean {
  return (e as { status?: number }).status === 404;
}

/**
 * Deletes a server this run created and waits until Nova has really removed it (deletion is asynchronous;
 * until then its boot volume stays attached and cannot be deleted). Returns what it could not clean.
 */
export async function deleteServerAndWait(cloud: Cloud, serverId: string): Promise<Record<string, unknown>[]> {
  try {
    await cloud.openstack.compute.deleteServer(serverId);
    const gone = await poll(cloud, () =>
      cloud.openstack.compute.getServer(serverId).then(
        (s) => s.status === 'DELETED',
        (e: unknown) => {
          if (isNotFound(e)) return true;
          throw e;
        },
      ),
    );
    return gone ? [] : [{ server_id: serverId, why: 'deleted, but Nova had not removed it after 2 minutes' }];
  } catch (e) {
    return [{ server_id: serverId, why: `could not delete: ${toOpsError(e).message}` }];
  }
}

/** Deletes a volume this run created once Cinder will let it (detached: available or error). */
export async function deleteVolumeWhenFree(cloud: Cloud, volumeId: string): Promise<Record<string, unknown>[]> {
  try {
    const free = await poll(cloud, () =>
      cloud.openstack.volume.getVolume(volumeId).then(
        (v) => ['available', 'error', 'error_restoring', 'error_extending'].includes(v.status),
        (e: unknown) => {
          if (isNotFound(e)) return true;
          throw e;
        },
      ),
    );
    if (!free) return [{ volume_id: volumeId, why: 'still attached after 2 minutes: not deleted' }];
    await cloud.openstack.volume.deleteVolume(volumeId).catch((e: unknown) => {
      if (!isNotFound(e)) throw e;
    });
    return [];
  } catch (e) {
    return [{ volume_id: volumeId, why: `could not delete: ${toOpsError(e).message}` }];
  }
}
