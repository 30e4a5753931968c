import { execFile } from 'node:child_process';
import { OpsError } from '../errors/ops-error.js';
import { type ConvertibleFormat, qemuFormatOf } from './convertible.js';

/** Limits for qemu-img on untrusted images, as OpenStack's own (oslo's QEMU_IMG_LIMITS: 1 GiB address space, 30 s CPU). */
const INFO_LIMITS = ['--as=1073741824', '--cpu=30'];
const INFO_TIMEOUT_MS = 60_000;
/** Conversion writes every byte: more memory for its buffers, CPU time and wall time grow with the size. */
const CONVERT_LIMITS = ['--as=4294967296'];
const VMDK_SUBFORMATS = new Set(['monolithicSparse', 'streamOptimized']);

export interface QemuImageInfo {
  format: string;
  virtualSize: number;
}

function run(args: string[], opts: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'prlimit',
      args,
      { timeout: opts.timeoutMs, maxBuffer: 4 * 1024 * 1024, signal: opts.signal, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err) reject(Object.assign(err, { stderr: String(stderr).trim() }));
        else resolve(String(stdout));
      },
    );
  });
}

function refuse(path: string, why: string): OpsError {
  return new OpsError('ADOPT.UNSAFE_IMAGE', `blockops will not convert ${path}: ${why}. Nothing was converted.`);
}

/**
 * `qemu-img info --output=json -f <format>` under limits, and the checks before a conversion: the file really is
 * that format, and it names no backing file, external data file or extent file (which qemu would open and read).
 */
export async function inspectForConversion(
  path: string,
  format: ConvertibleFormat,
  signal?: AbortSignal,
): Promise<QemuImageInfo> {
  const fmt = qemuFormatOf(format);
  let out: string;
  try {
    out = await run([...INFO_LIMITS, '--', 'qemu-img', 'info', '--output=json', '-f', fmt, path], {
      timeoutMs: INFO_TIMEOUT_MS,
      signal,
    });
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr;
    throw refuse(path, `qemu-img cannot read it as ${format}${stderr ? ` (${stderr})` : ''}`);
  }
  const info = JSON.parse(out) as Record<string, unknown>;
  const specific = (info['format-specific'] as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  if (info['format'] !== fmt) throw refuse(path, `qemu-img reads it as ${String(info['format'])}, not ${format}`);
  if (info['backing-filename'] || info['full-backing-filename']) {
    throw refuse(path, `it has a backing file (${String(info['backing-filename'])})`);
  }
  if (specific['data-file']) throw refuse(path, `it has an external data file (${String(specific['data-file'])})`);
  if (format === 'vmdk' && !VMDK_SUBFORMATS.has(String(specific['create-type']))) {
    throw refuse(path, `its VMDK type ${String(specific['create-type'])} may reference other files`);
  }
  const virtualSize = Number(info['virtual-size']);
  if (!Number.isSafeInteger(virtualSize) || virtualSize <= 0) throw refuse(path, 'it announces no virtual size');
  return { format: fmt, virtualSize };
}

/** `qemu-img convert -f <format> -O raw` under limits; the format is never probed, always stated. */
export async function convertToRaw(
  source: string,
  target: string,
  format: ConvertibleFormat,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<void> {
  try {
    await run(
      [...CONVERT_LIMITS, '--', 'qemu-img', 'convert', '-q', '-f', qemuFormatOf(format), '-O', 'raw', source, target],
      opts,
    );
  } catch (e) {
    const err = e as { stderr?: string; killed?: boolean; code?: unknown };
    if (opts.signal?.aborted) throw e;
    const why = err.killed
      ? `did not finish within ${Math.round(opts.timeoutMs / 1000)} s`
      : err.stderr || String(err.code);
    throw new OpsError('ADOPT.CONVERT_FAILED', `qemu-img convert of ${source} to raw failed: ${why}.`, { cause: e });
  }
}
