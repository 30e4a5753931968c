import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { bootServer } from '../boot/boot-server.js';
import { cloneImage } from '../clone/clone-image.js';
import type { CloneImageOutput } from '../clone/schema.js';
import { deleteVolumeWhenFree } from '../cloud/cleanup.js';
import type { Cloud } from '../cloud/cloud.js';
import type { OperationContext } from '../engine/operation.js';
import { storedCode } from '../errors/codes.js';
import { OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';
import { batchCheckpoint } from './batch-checkpoint.js';
import type { LaunchServerInput, LaunchServerOutput } from './schema.js';

type Ctx = Pick<OperationContext, 'progress' | 'checkpoint' | 'signal'>;
type Launched = LaunchServerOutput['servers'][number];
type Failure = LaunchServerOutput['failures'][number];

/** Abort listeners one server's clone and boot hold at a time: a poll's sleep and its HTTP request, with room. */
const LISTENERS_PER_SERVER = 4;

/**
 * clone_image + boot_server for each of `count` servers. A boot that fails deletes its clone unless keep_volume;
 * what could not be cleaned is reported. Fails as a whole only when no server came up.
 */
export async function launchServer(cloud: Cloud, input: LaunchServerInput, ctx: Ctx): Promise<LaunchServerOutput> {
  const started = Date.now();
  const names =
    input.count === 1 ? [input.name] : Array.from({ length: input.count }, (_, i) => `${input.name}-${i + 1}`);
  // Per server: the names of its volume and server before they are asked for (intent), their ids once made.
  type Made = { volume_name?: string; volume_id?: string; server_name?: string; server_id?: string };
  const made: Record<string, Made> = {};
  const save = batchCheckpoint(
    (launched) => ctx.checkpoint({ launched }),
    () => made,
  );
  const record = (name: string, ids: Made) => {
    made[name] = { ...made[name], ...ids };
    return save();
  };
  // All at once unless the operator set a cap (BLOCKOPS_LAUNCH_CONCURRENCY), as `openstack server create
  // --min-count` hands Nova the whole batch: each server spends its time waiting on Cinder and Nova, not on us.
  const limit = pLimit(cloud.launchConcurrency ?? names.length);
  // Every server of the batch waits (polls, requests) on the one signal at once: several listeners each, by design.
  if (ctx.signal) setMaxListeners(Math.max(10, names.length * LISTENERS_PER_SERVER), ctx.signal);
  const clones: CloneImageOutput[] = [];
  const servers: Launched[] = [];
  const failures: Failure[] = [];
  const leftovers: Record<string, unknown>[] = [];

  await Promise.all(
    names.map((name) =>
      limit(async () => {
        const step = (message: string) => ctx.progress({ message: input.count > 1 ? `[${name}] ${message}` : message });
        const sub = { ...ctx, progress: (p: { message: string }) => step(p.message) };
        let clone: CloneImageOutput;
        try {
          clone = await cloneImage(
            cloud,
            { image: input.image, size_gb: input.size_gb, name: `${name}-boot`, volume_type: undefined },
            { ...sub, checkpoint: (d) => record(name, d as Made) },
          );
          clones.push(clone);
        } catch (e) {
          const err = toOpsError(e);
          leftovers.push(...((err.details?.['leftovers'] as Record<string, unknown>[]) ?? []));
          failures.push({ name, step: 'clone', error: { code: err.code, message: err.message }, volume_kept: false });
          return;
        }
        try {
          const boot = await bootServer(
            cloud,
            { volume: clone.volume_id, flavor: input.flavor, network: input.network, key_name: input.key_name, name },
            { ...sub, checkpoint: (d) => record(name, d as Made) },
          );
          servers.push({
            server_id: boot.server_id,
            name: boot.name,
            status: boot.status,
            addresses: boot.addresses,
            volume_id: clone.volume_id,
            path: clone.path,
            clone_ms: clone.duration_ms,
            boot_ms: boot.duration_ms,
          });
        } catch (e) {
          const err = toOpsError(e);
          leftovers.push(...((err.details?.['leftovers'] as Record<string, unknown>[]) ?? []));
          let kept = input.keep_volume;
          if (!kept) {
            const notCleaned = await deleteVolumeWhenFree(cloud, clone.volume_id);
            leftovers.push(...notCleaned);
            kept = notCleaned.length > 0;
          }
          failures.push({
            name,
            step: 'boot',
            error: { code: err.code, message: err.message },
            volume_id: clone.volume_id,
            volume_kept: kept,
          });
        }
      }),
    ),
  );

  if (!servers.length) {
    const first = failures[0]?.error ?? { code: 'LAUNCH.FAILED', message: 'No server was launched.' };
    const cleaned = leftovers.length
      ? ' Some resources could not be cleaned up: see leftovers.'
      : ' Everything it created was deleted.';
    throw new OpsError(
      storedCode(first.code),
      `${first.message}${input.keep_volume ? ' The boot volume(s) were kept (keep_volume).' : cleaned}`,
      {
        details: { failures, leftovers: [...leftovers, ...keptVolumes(failures, input.keep_volume)] },
      },
    );
  }
  const first = clones[0] as CloneImageOutput;
  return {
    servers: servers.sort((a, b) => a.name.localeCompare(b.name)),
    failures,
    leftovers,
    path: first.path,
    path_evidence: first.path_evidence,
    advice: first.advice,
    duration_ms: Date.now() - started,
  };
}

function keptVolumes(failures: Failure[], keep: boolean): Record<string, unknown>[] {
  return keep
    ? failures.filter((f) => f.volume_id).map((f) => ({ volume_id: f.volume_id, why: 'kept (keep_volume)' }))
    : [];
}
