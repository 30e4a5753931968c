import { isIP } from 'node:net';
import { resolveAddresses } from '../../clients/download.js';
import type { Cloud } from '../cloud/cloud.js';
import type { Precheck } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { detectFormat } from './detect-format.js';
import { checkDeclaredFormat } from './format-check.js';
import { openSource } from './open-source.js';
import type { UploadImageInput } from './schema.js';
import { checkImageUrl, isUrlSource, urlGuard } from './source-url.js';
import { ANY_PUBLIC_HOST } from './url-hosts.js';

/**
 * What can be refused before anyone is asked to approve: a file outside BLOCKOPS_IMAGE_DIRS (or reached through
 * `..` or a symlink out), a format that contradicts the file's header, a URL that is not http(s) or points at a
 * metadata address, a host the policy's image_hosts does not allow or whose name resolves to an internal address.
 * URLs are not fetched here: the upload checks their bytes (and every address again when it connects). Returns the
 * file's size in GB.
 */
export async function precheckUpload(cloud: Cloud, input: UploadImageInput): Promise<Precheck | undefined> {
  if (isUrlSource(input.source)) {
    await checkResolvedUrl(input.source, cloud.imageHosts);
    return undefined;
  }
  if (input.import_method === 'web-download') {
    throw new OpsError(
      'UPLOAD.SOURCE_REFUSED',
      `import_method web-download makes Glance fetch a URL, but "${input.source}" is a file path. ` +
        'Give an http(s) URL, or leave import_method at upload to send the file.',
    );
  }
  const source = await openSource(input.source, { imageDirs: cloud.imageDirs, imageHosts: cloud.imageHosts });
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

/** A name that does not resolve now is left to the upload to report: it checks every address when it connects. */
async function checkResolvedUrl(source: string, imageHosts: readonly string[] = [ANY_PUBLIC_HOST]): Promise<void> {
  const url = checkImageUrl(source, imageHosts);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return;
  const addresses = await resolveAddresses(host).catch(() => []);
  const guard = urlGuard(imageHosts);
  for (const address of addresses) {
    const refused = guard.refuseAddress(address, url);
    if (refused) throw refused;
  }
}
