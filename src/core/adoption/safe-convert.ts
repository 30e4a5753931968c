import { join } from 'node:path';
import { OpsError } from '../errors/ops-error.js';
import type { ConvertibleFormat } from './convertible.js';
import { headerHazard } from './header-safety.js';
import { convertToRaw, inspectForConversion } from './qemu-img.js';
import { assertFreeSpace } from './work-dir.js';

const MARGIN = 64 * 1024 ** 2;
/** Conversion time limit: generous for slow disks (20 MiB/s), never under 10 minutes. */
const convertTimeoutMs = (virtual: number) => Math.max(10 * 60_000, (virtual / (20 * 1024 ** 2)) * 1000);

/**
 * The one way blockops turns an untrusted disk image into raw (adopt_image and upload_image's convert_to_raw):
 * its header and `qemu-img info` must show no backing, data or extent file; the work directory must hold the raw
 * result; then `qemu-img convert -f <format> -O raw` runs under limits. Returns the raw file and its size.
 */
export async function safeConvertToRaw(
  source: string,
  format: ConvertibleFormat,
  head: Uint8Array,
  opts: { workDir: string; label: string; signal?: AbortSignal | undefined },
): Promise<{ rawPath: string; virtualSize: number }> {
  const hazard = headerHazard(format, head);
  if (hazard) throw new OpsError('ADOPT.UNSAFE_IMAGE', `blockops will not convert ${opts.label}: ${hazard}.`);
  const info = await inspectForConversion(source, format, opts.signal);
  await assertFreeSpace(opts.workDir, info.virtualSize + MARGIN, `Converting ${opts.label} to raw`);
  const rawPath = join(opts.workDir, `converted-${Date.now()}.raw`);
  await convertToRaw(source, rawPath, format, { timeoutMs: convertTimeoutMs(info.virtualSize), signal: opts.signal });
  return { rawPath, virtualSize: info.virtualSize };
}
