import { detectFormat, type FormatDetection } from './detect-format.js';
import { formatMismatch } from './failures.js';
import { checkDeclaredFormat } from './format-check.js';
import type { Digests } from './hashing-stream.js';
import type { ImageSource } from './open-source.js';
import type { UploadImageInput } from './schema.js';

/** A URL's last 512 bytes are only known once it has passed: now a fixed VHD can be told from raw. */
export function recheckTail(
  input: UploadImageInput,
  source: ImageSource,
  before: FormatDetection,
  digests: Digests,
  notes: string[],
): FormatDetection {
  const after = detectFormat(source.head, digests.tail);
  const verdict = checkDeclaredFormat(input.disk_format, after, `the download ${source.label}`, source.label);
  if (!verdict.ok) throw formatMismatch(verdict.message, input.disk_format, after);
  const stale = notes.findIndex((n) => n.startsWith('disk_format=vhd was taken as declared'));
  if (stale >= 0 && before.format !== after.format) {
    notes.splice(stale, 1, 'disk_format=vhd was confirmed by the VHD footer at the end of the download.');
  }
  return after;
}
