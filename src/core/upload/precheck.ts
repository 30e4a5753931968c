import type { Cloud } from '../cloud/cloud.js';
import type { Precheck } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { detectFormat } from './detect-format.js';
import { checkDeclaredFormat } from './format-check.js';
import { openSource } from './open-source.js';
import type { UploadImageInput } from './schema.js';
import { checkImageUrl, isUrlSource } from './source-url.js';

/**
 * What can be refused before anyone is asked to approve: a file outside BLOCKOPS_IMAGE_DIRS (or reached through
 * `..` or a symlink out), a format that contradicts the file's header, a URL that is not http(s) or points at a
 * metadata address. URLs are not fetched here: the upload checks their bytes. Returns the file's size in GB.
 */
export async function precheckUpload(cloud: Cloud, input: UploadImageInput): Promise<Precheck | undefined> {
  if (isUrlSource(input.source)) {
    checkImageUrl(input.source);
    return undefined;
  }
  if (input.import_method === 'web-download') {
    throw new OpsError(
      'UPLOAD.SOURCE_REFUSED',
      `import_method web-download makes Glance fetch a URL, but "${input.source}" is a file path. ` +
        'Give an http(s) URL, or leave import_method at upload to send the file.',
    );
  }
  const source = await openSource(input.source, { imageDirs: cloud.imageDirs });
  try {
    const verdict = checkDeclaredFormat(
      input.disk_format,
      detectFormat(source.head, source.tail),
      `the file ${source.label}`,
      source.label,
    );
    if (!verdict.ok) throw new OpsError('UPLOAD.FORMAT_MISMATCH', verdict.message);
    // The size the policy's max_size_gb judges is the file's.
    return source.size !== undefined ? { effective: { size_gb: source.size / 1024 ** 3 } } : undefined;
  } finally {
    source.close();
  }
}
