import { pipeline } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Image } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import type { OperationContext } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { compareChecksums } from './checksums.js';
import { detectFormat, type FormatDetection } from './detect-format.js';
import { formatMismatch, withCleanup } from './failures.js';
import { checkDeclaredFormat } from './format-check.js';
import { HashingStream } from './hashing-stream.js';
import { formatBytes, MiB } from './human.js';
import { type ImageSource, openSource } from './open-source.js';
import { createProgressReporter } from './progress-reporter.js';
import { finishOutput, imageCreateOf, pathNotes } from './result.js';
import type { UploadImageInput, UploadImageOutput } from './schema.js';
import { recheckTail } from './tail-check.js';
import { ACTIVE_TIMEOUT_MS, waitForActive } from './wait-active.js';

export type UploadContext = Pick<OperationContext, 'progress' | 'checkpoint' | 'signal'>;

/** Streams a file or URL into a new Glance image, checking its format first and its checksums after. */
export async function uploadFromSource(
  cloud: Cloud,
  input: UploadImageInput,
  ctx: UploadContext,
): Promise<UploadImageOutput> {
  const started = Date.now();
  const source = await openSource(input.source, {
    imageDirs: cloud.imageDirs,
    imageHosts: cloud.imageHosts,
    signal: ctx.signal,
  });
  const what = source.kind === 'file' ? `the file ${source.label}` : `the download ${source.label}`;
  const detected = detectFormat(source.head, source.tail);
  const verdict = checkDeclaredFormat(input.disk_format, detected, what, source.label);
  if (!verdict.ok) {
    source.close();
    throw formatMismatch(verdict.message, input.disk_format, detected);
  }
  const notes = [...verdict.notes, ...pathNotes(input)];
  if (source.size === undefined) {
    notes.push(
      'The server sent no Content-Length, so Glance got a chunked upload: its Cinder store then grows the volume ' +
        '1 GB at a time, which is slower.',
    );
  }
  let image: Image;
  try {
    // Intent first: if this process dies before the id is recorded, recovery finds the image by its name.
    await ctx.checkpoint({ image_name: input.name });
    image = await cloud.openstack.image.createImage(imageCreateOf(input));
  } catch (err) {
    source.close();
    throw err;
  }
  const imageId = image.id;
  const done = await withCleanup(cloud, imageId, `upload of ${source.label}`, ctx.signal, () =>
    transfer(cloud, input, imageId, source, detected, notes, ctx),
  ).finally(() => source.close());
  return finishOutput(cloud, {
    image: done.active,
    input,
    detected: done.final,
    digests: done.digests,
    checksumsMatch: done.sums.match,
    startedAt: started,
    throughputMiBs: done.seconds > 0 ? done.digests.bytes / MiB / done.seconds : 0,
    sourceKind: source.kind,
    notes,
  });
}

/** Everything after createImage: a failure here deletes the image (withCleanup). */
async function transfer(
  cloud: Cloud,
  input: UploadImageInput,
  imageId: string,
  source: ImageSource,
  detected: FormatDetection,
  notes: string[],
  ctx: UploadContext,
) {
  await ctx.checkpoint({ image_id: imageId });
  const sent = await send(cloud, imageId, source, ctx);
  const final = source.tail ? detected : recheckTail(input, source, detected, sent.digests, notes);
  ctx.progress({ message: `Uploaded ${source.label}; waiting for Glance to make image ${imageId} active` });
  const active = await waitForActive(cloud, imageId, {
    timeoutMs: ACTIVE_TIMEOUT_MS.upload,
    signal: ctx.signal,
    onStatus: (s) => ctx.progress({ message: `Image ${imageId} is ${s}` }),
  });
  const sums = compareChecksums(active, sent.digests);
  if (sums.mismatches.length) {
    throw new OpsError(
      'UPLOAD.CHECKSUM_MISMATCH',
      `Glance's copy of ${source.label} differs from what blockops sent (${sums.mismatches.join('; ')}): ` +
        'the data changed on the way or the source changed while it was read. Upload it again.',
      { details: { mismatches: sums.mismatches } },
    );
  }
  notes.push(...sums.notes);
  return { active, final, sums, seconds: sent.seconds, digests: sent.digests };
}

async function send(cloud: Cloud, imageId: string, source: ImageSource, ctx: UploadContext) {
  const reporter = createProgressReporter({ total: source.size, report: (p) => ctx.progress(p) });
  const hasher = new HashingStream();
  // The source's own failure (not its destruction because the upload failed) is what to report.
  let sourceError: Error | undefined;
  source.stream.once('error', (err) => {
    sourceError = err;
  });
  pipeline(source.stream, hasher, () => {}); // an error of the source reaches the upload through the hasher
  const t0 = Date.now();
  const opts = { onProgress: (n: number) => reporter.update(n), signal: ctx.signal };
  try {
    await cloud.openstack.image.uploadImageData(
      imageId,
      hasher,
      source.size === undefined ? opts : { ...opts, size: source.size },
    );
  } catch (err) {
    if (!sourceError || ctx.signal.aborted) throw err;
    const of = source.size === undefined ? '' : ` of ${formatBytes(source.size)}`;
    throw new OpsError(
      'UPLOAD.FAILED',
      `Reading ${source.label} failed after ${formatBytes(hasher.bytes)}${of}: ${sourceError.message}. ` +
        (source.kind === 'url'
          ? 'Check that the server is up and the URL still serves the image, then try again.'
          : 'Try again.'),
      { cause: sourceError, details: { bytes_read: hasher.bytes } },
    );
  }
  await finished(hasher, { readable: false });
  const digests = hasher.digests();
  reporter.finish(digests.bytes);
  return { digests, seconds: (Date.now() - t0) / 1000 };
}
