import type { Image, ImageCreate } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { toOpsError } from '../errors/to-ops-error.js';
import { type VerifyImageOutput, verifyImage } from '../verify/verify-image.js';
import type { FormatDetection } from './detect-format.js';
import type { UploadImageInput, UploadImageOutput } from './schema.js';

export function imageCreateOf(input: UploadImageInput): ImageCreate {
  const create: ImageCreate = {
    name: input.name,
    diskFormat: input.disk_format,
    containerFormat: input.container_format,
  };
  if (input.visibility) create.visibility = input.visibility;
  if (input.properties) create.properties = input.properties;
  return create;
}

/** What the formats mean for volumes made from the image (docs/clone-path.md: only raw+bare is block-cloned). */
export function pathNotes(input: UploadImageInput): string[] {
  if (input.disk_format === 'raw' && input.container_format === 'bare') return [];
  return [
    `A ${input.disk_format}/${input.container_format} image is downloaded and converted for every volume made from ` +
      'it, not block-cloned: for the fast path upload it as raw/bare (qemu-img convert -O raw).',
  ];
}

export interface Finished {
  image: Image;
  input: UploadImageInput;
  detected: FormatDetection | undefined;
  digests: { sha512: string; md5: string; bytes: number };
  checksumsMatch: boolean;
  startedAt: number;
  throughputMiBs: number;
  sourceKind: 'file' | 'url' | 'web-download';
  notes: string[];
}

/** Verifies the new image down to its storage and assembles the operation's output. */
export async function finishOutput(cloud: Cloud, f: Finished): Promise<UploadImageOutput> {
  const verification = await verify(cloud, f.image);
  const virtual =
    f.image.virtualSize ?? f.detected?.virtualSize ?? (f.detected?.format === 'raw' ? f.digests.bytes : undefined);
  const out: UploadImageOutput = {
    image_id: f.image.id,
    name: f.image.name,
    status: f.image.status,
    disk_format: f.image.diskFormat ?? f.input.disk_format,
    container_format: f.image.containerFormat ?? f.input.container_format,
    detected_format: f.detected?.format ?? 'unknown',
    size_bytes: f.image.size ?? f.digests.bytes,
    sha512: f.digests.sha512,
    md5: f.digests.md5,
    checksums_match: f.checksumsMatch,
    duration_ms: Date.now() - f.startedAt,
    throughput_mib_s: Math.round(f.throughputMiBs * 10) / 10,
    source_kind: f.sourceKind,
    notes: f.notes,
    verification,
  };
  if (virtual !== undefined) out.virtual_size_bytes = virtual;
  return out;
}

/** The upload succeeded even if the verification cannot run: say so rather than fail. */
async function verify(cloud: Cloud, image: Image): Promise<VerifyImageOutput> {
  try {
    return await verifyImage(cloud, image.id);
  } catch (err) {
    const e = toOpsError(err);
    return {
      image_id: image.id,
      image_name: image.name,
      verdict: 'broken',
      summary: `The image was uploaded, but verifying it failed: ${e.message}`,
      steps: [],
      warnings: [`verify_image failed with ${e.code}; run verify_image ${image.id} again.`],
    };
  }
}
