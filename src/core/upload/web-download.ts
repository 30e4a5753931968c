import type { Cloud } from '../cloud/cloud.js';
import { isOpsError, OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';
import { detectFormat, type FormatDetection } from './detect-format.js';
import { formatMismatch, withCleanup } from './failures.js';
import { checkDeclaredFormat } from './format-check.js';
import { MiB } from './human.js';
import { openSource } from './open-source.js';
import { finishOutput, imageCreateOf, pathNotes } from './result.js';
import type { UploadImageInput, UploadImageOutput } from './schema.js';
import { sourceRefused } from './source-file.js';
import { checkImageUrl, displayUrl, isUrlSource } from './source-url.js';
import type { UploadContext } from './upload-flow.js';
import { ACTIVE_TIMEOUT_MS, waitForActive } from './wait-active.js';

/** Glance's interoperable import: Glance fetches the URL itself; blockops checks what it can first. */
export async function importByWebDownload(
  cloud: Cloud,
  input: UploadImageInput,
  ctx: UploadContext,
): Promise<UploadImageOutput> {
  const started = Date.now();
  if (!isUrlSource(input.source)) {
    throw sourceRefused(
      'url',
      `import_method=web-download needs an http(s) URL, which Glance fetches itself; "${input.source}" is not one. ` +
        'For a file on the blockops host use import_method=upload.',
    );
  }
  const url = checkImageUrl(input.source, cloud.imageHosts);
  const label = displayUrl(url);
  const { methods } = await cloud.openstack.image.getImportInfo();
  if (!methods.includes('web-download')) {
    throw new OpsError(
      'UPLOAD.IMPORT_UNAVAILABLE',
      `This Glance does not offer the web-download import method (it offers: ${methods.join(', ') || 'none'}). ` +
        'Use import_method=upload: blockops downloads the URL and streams it into Glance itself.',
      { details: { import_methods: methods } },
    );
  }
  const notes = [...pathNotes(input)];
  const detected = await inspectHead(url.href, cloud, ctx, notes);
  if (detected) {
    const verdict = checkDeclaredFormat(input.disk_format, detected, `the download ${label}`, label);
    if (!verdict.ok) throw formatMismatch(verdict.message, input.disk_format, detected);
    notes.push(...verdict.notes);
  }
  // Intent first: if this process dies before the id is recorded, recovery finds the image by its name.
  await ctx.checkpoint({ image_name: input.name });
  const image = await cloud.openstack.image.createImage(imageCreateOf(input));
  const active = await withCleanup(cloud, image.id, `web-download import of ${label}`, ctx.signal, async () => {
    await ctx.checkpoint({ image_id: image.id });
    await cloud.openstack.image.importImage(image.id, { method: 'web-download', uri: url.href });
    ctx.progress({ message: `Glance is downloading ${label} into image ${image.id}` });
    return waitForActive(cloud, image.id, {
      timeoutMs: ACTIVE_TIMEOUT_MS.import,
      signal: ctx.signal,
      onStatus: (s) => ctx.progress({ message: `Image ${image.id} is ${s}` }),
    });
  });
  notes.push(
    "Glance downloaded the bytes itself: blockops never saw them, so the checksums shown are Glance's own and were not compared.",
  );
  const seconds = (Date.now() - started) / 1000;
  const bytes = active.size ?? 0;
  return finishOutput(cloud, {
    image: active,
    input,
    detected,
    digests: {
      sha512: active.hashAlgo === 'sha512' ? (active.hashValue ?? '') : '',
      md5: active.checksum ?? '',
      bytes,
    },
    checksumsMatch: false,
    startedAt: started,
    throughputMiBs: seconds > 0 ? bytes / MiB / seconds : 0,
    sourceKind: 'web-download',
    notes,
  });
}

/**
 * Reads the first 64 KiB of the URL to check the declared format before Glance starts. Best effort: the URL may
 * be reachable from Glance and not from blockops; only a refused address stops the import.
 */
async function inspectHead(
  url: string,
  cloud: Cloud,
  ctx: UploadContext,
  notes: string[],
): Promise<FormatDetection | undefined> {
  try {
    const source = await openSource(url, {
      imageDirs: cloud.imageDirs,
      imageHosts: cloud.imageHosts,
      signal: ctx.signal,
      downloadTimeoutMs: 30_000,
    });
    source.close();
    return detectFormat(source.head);
  } catch (err) {
    if (isOpsError(err) && (err.code === 'UPLOAD.SOURCE_REFUSED' || err.code === 'UPLOAD.HOST_NOT_ALLOWED')) throw err;
    notes.push(
      `blockops could not read the start of the URL to check its format (${toOpsError(err).message}); ` +
        "Glance's own format checks apply.",
    );
    return undefined;
  }
}
