import { isConvertible } from '../adoption/convertible.js';
import { safeConvertToRaw } from '../adoption/safe-convert.js';
import { makeWorkDir, removeWorkDir } from '../adoption/work-dir.js';
import type { Cloud } from '../cloud/cloud.js';
import { OpsError } from '../errors/ops-error.js';
import { detectFormat } from './detect-format.js';
import { formatMismatch } from './failures.js';
import { checkDeclaredFormat } from './format-check.js';
import type { UploadImageInput, UploadImageOutput } from './schema.js';
import { openImageFile } from './source-file.js';
import { isUrlSource } from './source-url.js';
import { type UploadContext, uploadFromSource } from './upload-flow.js';

/** Refuses convert_to_raw where it cannot apply, before anyone approves: a URL, or a format that is not converted. */
export function checkConvertible(input: UploadImageInput): void {
  if (!input.convert_to_raw) return;
  if (isUrlSource(input.source) || input.import_method === 'web-download') {
    throw new OpsError(
      'UPLOAD.SOURCE_REFUSED',
      'convert_to_raw converts a file on the blockops host; download the image into BLOCKOPS_IMAGE_DIRS first.',
    );
  }
  if (!isConvertible(input.disk_format)) {
    throw new OpsError(
      'UPLOAD.SOURCE_REFUSED',
      `convert_to_raw converts qcow2, vmdk, vhd, vhdx and vdi images, not ${input.disk_format}` +
        `${input.disk_format === 'raw' ? ' (it is raw already: leave convert_to_raw off)' : ''}.`,
    );
  }
}

/**
 * upload_image with convert_to_raw: the file (inside BLOCKOPS_IMAGE_DIRS, its header matching disk_format) is
 * converted by the same checked converter as adopt_image into a private work directory, and the raw result is
 * uploaded as raw+bare, so volumes from it are block clones. The work directory is removed either way.
 */
export async function uploadConverted(
  cloud: Cloud,
  input: UploadImageInput,
  ctx: UploadContext & { requestId: string | undefined },
): Promise<UploadImageOutput> {
  checkConvertible(input);
  const format = input.disk_format;
  if (!isConvertible(format)) throw new Error('unreachable: checked above');
  const file = await openImageFile(input.source, cloud.imageDirs);
  let head: Buffer;
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.handle.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await file.handle.close();
  }
  const verdict = checkDeclaredFormat(format, detectFormat(head), `the file ${input.source}`, input.source);
  if (!verdict.ok) throw formatMismatch(verdict.message, format, detectFormat(head));
  const workDir = await makeWorkDir(`upload-${ctx.requestId ?? 'inline'}`);
  try {
    ctx.progress({ message: `Converting ${input.source} from ${format} to raw` });
    const { rawPath, virtualSize } = await safeConvertToRaw(file.realPath, format, head, {
      workDir,
      label: input.source,
      signal: ctx.signal,
    });
    const out = await uploadFromSource(
      { ...cloud, imageDirs: [workDir] },
      { ...input, source: rawPath, disk_format: 'raw', container_format: 'bare' },
      ctx,
    );
    return {
      ...out,
      notes: [
        `Converted from ${format} to raw (virtual size ${virtualSize} bytes) by qemu-img before the upload.`,
        ...out.notes,
      ],
    };
  } finally {
    await removeWorkDir(workDir);
  }
}
