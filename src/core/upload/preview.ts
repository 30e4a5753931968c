import { statSync } from 'node:fs';
import { redactUrl, redactUrlsIn } from '../cloud/redact-url.js';
import { formatBytes } from './human.js';
import type { UploadImageInput, UploadImageOutput } from './schema.js';
import { displayUrl, isUrlSource } from './source-url.js';

/** For approvers: exactly what the upload will do. */
export function previewUpload(input: UploadImageInput): string {
  const as = `as image "${input.name}" into Glance's default store`;
  const formats =
    input.container_format === 'bare' ? input.disk_format : `${input.disk_format}/${input.container_format}`;
  let action: string;
  if (!isUrlSource(input.source)) {
    action = `Upload ${input.source} (${[formats, sizeOf(input.source)].filter(Boolean).join(', ')}) ${as}`;
  } else if (input.import_method === 'web-download') {
    action = `Ask Glance to download ${urlLabel(input.source)} itself (web-download import, ${formats}) ${as}`;
  } else {
    action = `Download ${urlLabel(input.source)} and upload it (${formats}) ${as}`;
  }
  const extras = [
    input.visibility ? `visibility ${input.visibility}` : '',
    input.properties && Object.keys(input.properties).length
      ? `properties ${Object.entries(input.properties)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : '',
  ].filter(Boolean);
  // A property value may be a URL too: nothing in a preview may carry a signature.
  return redactUrlsIn(
    `${action}${extras.length ? `, with ${extras.join('; ')}` : ''}. The image is deleted again if the upload fails.`,
  );
}

export function summarizeUpload(o: UploadImageOutput): string {
  const sums =
    o.source_kind === 'web-download'
      ? 'checksums by Glance'
      : o.checksums_match
        ? 'checksums match'
        : 'checksums not compared';
  const rate = o.throughput_mib_s ? `, ${o.throughput_mib_s} MiB/s` : '';
  return (
    `Image "${o.name}" ${o.image_id}: ${o.status}, ${o.disk_format}, ${formatBytes(o.size_bytes)}${rate}; ${sums}; ` +
    `verification: ${o.verification.verdict}.`
  );
}

function sizeOf(path: string): string {
  try {
    const s = statSync(path);
    return s.isFile() ? formatBytes(s.size) : '';
  } catch {
    return '';
  }
}

function urlLabel(source: string): string {
  try {
    return displayUrl(new URL(source));
  } catch {
    return redactUrl(source);
  }
}
