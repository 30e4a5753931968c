import { randomBytes } from 'node:crypto';
import { waitFor } from '../../clients/openstack/wait.js';
import { deleteVolumeWhenFree } from '../cloud/cleanup.js';
import type { Cloud } from '../cloud/cloud.js';
import * as refer from '../cloud/references.js';
import type { OperationContext } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';
import { predictClonePath } from './clone-path.js';
import { gatherClonePathFacts } from './facts.js';
import { observedPath } from './observe.js';
import type { CloneImageInput, CloneImageOutput } from './schema.js';
import { assertFits, minimumSizeGb } from './size.js';

type Ctx = Pick<OperationContext, 'progress' | 'checkpoint' | 'signal'>;

const CLONE_POLL_MS = 100;

/**
 * A boot volume from an image: predicts the path from what the APIs show, creates the volume, watches its
 * statuses until `available`, and reports which path Cinder took and why. On failure it deletes what it made.
 */
export async function cloneImage(cloud: Cloud, input: CloneImageInput, ctx: Ctx): Promise<CloneImageOutput> {
  // Checked again at run time: the image or the type may have changed since the request was approved.
  const image = (await refer.activeImage(cloud, input.image)).found;
  const sizeGb = input.size_gb ?? minimumSizeGb(image);
  assertFits(image, sizeGb);
  const volumeType = input.volume_type ?? cloud.volumeType;
  await refer.volumeType(cloud, volumeType);

  const { facts } = await gatherClonePathFacts(cloud, image, volumeType);
  const prediction = predictClonePath(facts);
  ctx.progress({
    message: `Creating a ${sizeGb} GB ${volumeType} volume from ${image.name}; expecting a ${prediction.path}`,
  });

  const name = input.name ?? `${image.name || image.id.slice(0, 8)}-vol-${randomBytes(3).toString('hex')}`;
  const started = Date.now();
  // Intent first: if this process dies before the id is recorded, recovery finds the volume by its name.
  await ctx.checkpoint({ volume_name: name });
  const created = await cloud.openstack.volume.createVolume({ size: sizeGb, name, imageRef: image.id, volumeType });
  await ctx.checkpoint({ volume_id: created.id });
  let waited: Awaited<ReturnType<typeof waitFor<typeof created>>>;
  try {
    waited = await waitFor(() => cloud.openstack.volume.getVolume(created.id), {
      status: (v) => v.status,
      target: ['available'],
      failures: ['error', 'error_restoring', 'error_extending', 'deleting'],
      timeoutMs: Math.max(30 * 60_000, sizeGb * 60_000),
      // Real Cinder shows `downloading` only while it writes the converted image (~0.3 s for 64 MiB): poll fast
      // enough to see it, since without Lightbits that status is the only evidence of the copy path.
      intervalMs: Math.min(cloud.pollMs, CLONE_POLL_MS),
      signal: ctx.signal,
      resource: `volume ${created.id} (${name})`,
      onStatus: (s) => ctx.progress({ message: `Volume ${name} is ${s}` }),
    });
  } catch (e) {
    throw await withCleanup(cloud, created.id, e);
  }
  const durationMs = Date.now() - started;
  const observed = await observedPath(cloud, waited.resource, waited.statuses);
  return {
    volume_id: created.id,
    name,
    status: waited.resource.status,
    size_gb: waited.resource.size,
    volume_type: waited.resource.volumeType ?? volumeType,
    image_id: image.id,
    image_name: image.name,
    path: observed.path,
    path_evidence: observed.evidence,
    predicted_path: prediction.path,
    prediction_confidence: prediction.confidence,
    prediction_matched: prediction.path === observed.path,
    reasons: prediction.reasons,
    advice: prediction.advice,
    conditions: prediction.conditions,
    statuses_seen: waited.statuses,
    duration_ms: durationMs,
    ...(observed.lightbitsUuid ? { lightbits_volume_uuid: observed.lightbitsUuid } : {}),
  };
}

/** Deletes the volume this run created; what cannot be deleted is reported as a leftover. */
export async function withCleanup(cloud: Cloud, volumeId: string, cause: unknown): Promise<OpsError> {
  const err = toOpsError(cause);
  const leftovers = await deleteVolumeWhenFree(cloud, volumeId);
  return new OpsError(
    err.code,
    `${err.message} ${leftovers.length ? 'The volume could not be deleted.' : 'The volume was deleted.'}`,
    { cause, details: { ...err.details, leftovers } },
  );
}
