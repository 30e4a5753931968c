import type { Cloud } from '../cloud/cloud.js';
import { OpsError } from '../errors/ops-error.js';
import type { Limits } from '../policy/schema.js';
import { detectFormat } from './detect-format.js';
import { checkDeclaredFormat } from './format-check.js';
import { openSource } from './open-source.js';
import type { UploadImageInput } from './schema.js';
import { checkImageUrl, isUrlSource } from './source-url.js';

/**
 * What can be refused before anyone is asked to approve: a file outside BLOCKOPS_IMAGE_DIRS (or reached through
 * `..` or a symlink out), a format that contradicts the file's header, a URL that is not http(s) or points at a
 * metadata address. URLs are not fetched here: the upload checks their bytes.
 */
export async function precheckUpload(cloud: Cloud, input: UploadImageInput, limits: Limits): Promise<void> {
  if (isUrlSource(input.source)) {
    checkImageUrl(input.source);
    return;
  }
  const source = await openSource(input.source, { imageDirs: cloud.imageDirs });
  try {
    const maxBytes = limits.max_size_gb !== undefined ? limits.max_size_gb * 1024 ** 3 : undefined;
    if (maxBytes !== undefined && source.size !== undefined && source.size > maxBytes) {
      throw new OpsError(
        'POLICY.LIMIT',
        `upload_image: ${source.label} is ${(source.size / 1024 ** 3).toFixed(1)} GB, over the policy's limit of ${limits.max_size_gb} GB.`,
      );
    }
    const verdict = checkDeclaredFormat(
      input.disk_format,
      detectFormat(source.head, source.tail),
      `the file ${source.label}`,
      source.label,
    );
    if (!verdict.ok) throw new OpsError('UPLOAD.FORMAT_MISMATCH', verdict.message);
  } finally {
    source.close();
  }
}
