import type { Image } from '../../clients/openstack/index.js';
import { cloneImage } from '../clone/clone-image.js';
import { deleteVolumeWhenFree } from '../cloud/cleanup.js';
import type { Cloud } from '../cloud/cloud.js';
import type { OperationContext } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { verifyImage } from '../verify/verify-image.js';
import type { AdoptedImage, AdoptImageInput, AdoptStep } from './adopt-schema.js';
import { copyImageIntoStore } from './copy-route.js';
import { failedAfterCreating } from './failed-after-create.js';
import { glanceOffer } from './glance-stores.js';
import { planAdoption } from './plan.js';
import { rebuildAsRaw } from './rebuild-raw.js';
import { assertMayRetire, retireOriginal } from './retire.js';
import { madeFrom } from './usage.js';
import { makeWorkDir, removeWorkDir } from './work-dir.js';

type Ctx = Pick<OperationContext, 'progress' | 'checkpoint' | 'signal' | 'requestId' | 'resumeFrom'>;

const suffixOf = (input: AdoptImageInput) =>
  input.suffix ?? (input.name_policy === 'suffix-new' ? '-raw' : '-pre-adoption');

/** One image to the fast path: plan, copy or rebuild as raw, verify, prove with a throwaway clone, rename, retire. */
export async function adoptOne(cloud: Cloud, ref: string, input: AdoptImageInput, ctx: Ctx): Promise<AdoptedImage> {
  const started = Date.now();
  const steps: AdoptStep[] = [];
  let t = Date.now();
  const plan = await planAdoption(cloud, ref);
  const original = plan.image;
  const used = await madeFrom(cloud, original.id);
  assertMayRetire(original, input, used);
  const offer = await glanceOffer(cloud);
  steps.push({
    phase: 'plan',
    detail: `${plan.route} (failing: ${plan.failing.join(', ')}); ${used.volumes} volume(s), ${used.servers} server(s) made from it`,
    duration_ms: Date.now() - t,
  });
  await ctx.checkpoint({ original_id: original.id, route: plan.route });

  let adopted: Image;
  let method: AdoptedImage['method'];
  let bytesIn = original.size ?? 0;
  let bytesOut = original.size ?? 0;
  const newName = input.name_policy === 'suffix-new' ? `${original.name}${suffixOf(input)}` : original.name;
  if (plan.route === 'copy-to-cinder' && offer.copyImage && offer.cinderStore) {
    t = Date.now();
    adopted = await copyImageIntoStore(cloud, original, offer.cinderStore, ctx);
    method = 'glance-copy-image';
    steps.push({
      phase: 'copy-image',
      detail: `Glance copied the image into ${offer.cinderStore}`,
      duration_ms: Date.now() - t,
    });
  } else {
    const workDir = await makeWorkDir(`${ctx.requestId ?? 'inline'}-${original.id}`);
    await ctx.checkpoint({ work_dir: workDir });
    try {
      const rebuilt = await rebuildAsRaw(
        cloud,
        original,
        { name: newName, workDir, cinderStore: offer.cinderStore, steps },
        ctx,
      );
      ({ image: adopted, method, bytesIn, bytesOut } = rebuilt);
    } finally {
      await removeWorkDir(workDir);
    }
  }
  const isNew = adopted.id !== original.id;
  try {
    t = Date.now();
    const verified = await verifyImage(cloud, adopted.id);
    steps.push({ phase: 'verify', detail: `${verified.verdict}: ${verified.summary}`, duration_ms: Date.now() - t });
    const proof = input.proof_clone ? await proveBlockClone(cloud, adopted, ctx, steps) : undefined;
    if (proof && proof.path !== 'block-clone') {
      throw new OpsError(
        'ADOPT.PROOF_FAILED',
        `A volume from the adopted image ${adopted.id} was still a copy (${proof.evidence}); the original was left as it was.`,
        { details: { proof } },
      );
    }
    t = Date.now();
    if (isNew && input.name_policy === 'rename-old') {
      const oldName = `${original.name}${suffixOf(input)}`;
      await cloud.openstack.image.updateImage(original.id, [{ op: 'replace', path: '/name', value: oldName }]);
      steps.push({ phase: 'rename', detail: `original renamed to ${oldName}`, duration_ms: Date.now() - t });
      t = Date.now();
    }
    // copy-image adopted the original itself: there is nothing to retire.
    const retired = isNew ? input.retire : 'keep';
    const how = isNew
      ? await retireOriginal(cloud, original, input.retire)
      : 'is itself the adopted image (copy-image)';
    steps.push({ phase: 'retire', detail: `original ${how}`, duration_ms: Date.now() - t });
    return {
      original_id: original.id,
      original_name: original.name,
      route: plan.route,
      method,
      adopted_id: adopted.id,
      adopted_name: adopted.name,
      source_format: original.diskFormat ?? 'unknown',
      bytes_in: bytesIn,
      bytes_out: bytesOut,
      verification: verified.verdict,
      ...(proof ? { proof } : {}),
      retired,
      volumes_made_from_original: used.volumes,
      servers_made_from_original: used.servers,
      steps,
      duration_ms: Date.now() - started,
    };
  } catch (e) {
    // A new image that is not proven is not left looking like a finished adoption.
    throw isNew ? await failedAfterCreating(cloud, adopted.id, e) : e;
  }
}

/** A throwaway volume from the adopted image: a block clone proves the fast path; it is deleted either way. */
async function proveBlockClone(cloud: Cloud, image: Image, ctx: Ctx, steps: AdoptStep[]) {
  const t = Date.now();
  const name = `blockops-adopt-proof-${image.id.slice(0, 8)}`;
  const made = await cloneImage(cloud, { image: image.id, name }, ctx);
  const left = await deleteVolumeWhenFree(cloud, made.volume_id);
  steps.push({
    phase: 'proof-clone',
    detail: `${made.path} in ${(made.duration_ms / 1000).toFixed(1)} s (${made.statuses_seen.join(' → ')}); volume ${left.length ? 'NOT deleted' : 'deleted'}`,
    duration_ms: Date.now() - t,
  });
  return {
    path: made.path,
    statuses_seen: made.statuses_seen,
    duration_ms: made.duration_ms,
    evidence: made.path_evidence,
    volume_deleted: left.length === 0,
  };
}
