import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Image } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import type { OperationContext } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { detectFormat } from '../upload/detect-format.js';
import { formatBytes } from '../upload/human.js';
import { ACTIVE_TIMEOUT_MS, waitForActive } from '../upload/wait-active.js';
import type { AdoptStep } from './adopt-schema.js';
import { isConvertible } from './convertible.js';
import { failedAfterCreating } from './failed-after-create.js';
import { adoptedImageCreate } from './kept-properties.js';
import { copyMembers } from './members.js';
import { safeConvertToRaw } from './safe-convert.js';
import { assertFreeSpace, downloadTo } from './work-dir.js';

type Ctx = Pick<OperationContext, 'progress' | 'checkpoint' | 'signal'>;

const MARGIN = 64 * 1024 ** 2;

export interface Rebuilt {
  image: Image;
  method: 'download-upload' | 'qemu-img-convert';
  bytesIn: number;
  bytesOut: number;
}

/**
 * The original's bytes out of Glance into the work directory, converted to raw when they are not (the format given
 * to qemu-img explicitly, after the header and qemu-img info show nothing it would open besides the file), and
 * uploaded as a new raw+bare image into the cinder store. A failure after the new image exists deletes it.
 */
export async function rebuildAsRaw(
  cloud: Cloud,
  original: Image,
  opts: { name: string; workDir: string; cinderStore: string | undefined; steps: AdoptStep[] },
  ctx: Ctx,
): Promise<Rebuilt> {
  const { workDir, steps } = opts;
  const format = original.diskFormat ?? 'unknown';
  const convert = format !== 'raw';
  if (convert && !isConvertible(format)) {
    throw new OpsError('ADOPT.NOT_ADOPTABLE', `blockops does not convert ${format} images.`);
  }
  const size = original.size ?? 0;
  const virtual = original.virtualSize ?? 0;
  await assertFreeSpace(workDir, size + (convert ? virtual : 0) + MARGIN, `Adopting image ${original.name}`);

  const source = join(workDir, `${original.id}.${format}`);
  let t = Date.now();
  ctx.progress({ message: `Downloading image ${original.name} (${formatBytes(size)}) from Glance` });
  const got = await downloadTo(cloud, original.id, source, { signal: ctx.signal, progress: ctx.progress });
  steps.push({ phase: 'download', detail: `${formatBytes(got.bytes)} from Glance`, duration_ms: Date.now() - t });

  const detected = detectFormat(got.head);
  if (detected.format !== (convert ? format : 'raw')) {
    throw new OpsError(
      'ADOPT.UNSAFE_IMAGE',
      `Image ${original.name} says disk_format ${format} but its bytes are ${detected.format} (${detected.evidence}). ` +
        'Nothing was converted or uploaded; fix the image record or re-upload it.',
    );
  }
  let raw = source;
  let method: Rebuilt['method'] = 'download-upload';
  if (convert && isConvertible(format)) {
    t = Date.now();
    ctx.progress({ message: `Checking and converting ${original.name} from ${format} to raw` });
    const done = await safeConvertToRaw(source, format, got.head, {
      workDir,
      label: `image ${original.name}`,
      signal: ctx.signal,
    });
    raw = done.rawPath;
    await rm(source, { force: true });
    method = 'qemu-img-convert';
    steps.push({
      phase: 'convert',
      detail: `qemu-img convert -f ${format} -O raw (virtual size ${formatBytes(done.virtualSize)}; no backing or data file)`,
      duration_ms: Date.now() - t,
    });
  }
  const bytesOut = (await stat(raw)).size;

  t = Date.now();
  await ctx.checkpoint({ image_name: opts.name });
  const created = await cloud.openstack.image.createImage(adoptedImageCreate(original, opts.name));
  await ctx.checkpoint({ image_id: created.id });
  try {
    ctx.progress({ message: `Uploading ${formatBytes(bytesOut)} of raw into the cinder store as ${opts.name}` });
    await cloud.openstack.image.uploadImageData(created.id, createReadStream(raw), {
      size: bytesOut,
      ...(opts.cinderStore ? { store: opts.cinderStore } : {}),
      signal: ctx.signal,
      onProgress: (n) => {
        if (n === bytesOut) ctx.progress({ message: `Uploaded ${formatBytes(n)}; waiting for Glance` });
      },
    });
    const active = await waitForActive(cloud, created.id, { timeoutMs: ACTIVE_TIMEOUT_MS.upload, signal: ctx.signal });
    steps.push({
      phase: 'upload',
      detail: `${formatBytes(bytesOut)} into image ${created.id}`,
      duration_ms: Date.now() - t,
    });
    await copyMembers(cloud, original, created.id, steps);
    return { image: active, method, bytesIn: got.bytes, bytesOut };
  } catch (e) {
    throw await failedAfterCreating(cloud, created.id, e);
  }
}
