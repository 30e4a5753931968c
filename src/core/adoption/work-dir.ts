import { createWriteStream } from 'node:fs';
import { mkdir, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Cloud } from '../cloud/cloud.js';
import type { Progress } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { HEAD_BYTES } from '../upload/detect-format.js';
import { formatBytes } from '../upload/human.js';

/** Where conversions happen: a private directory per job under $TMPDIR (or /tmp), removed when the job ends. */
export async function makeWorkDir(jobKey: string): Promise<string> {
  const dir = join(tmpdir(), 'blockops-adopt', jobKey.replace(/[^A-Za-z0-9_-]/g, '_'));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export async function removeWorkDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Refuses, before any byte is written, when the work directory's file system cannot hold `needed` bytes. */
export async function assertFreeSpace(dir: string, needed: number, what: string): Promise<void> {
  const s = await statfs(dir);
  const free = s.bavail * s.bsize;
  if (free < needed) {
    throw new OpsError(
      'ADOPT.NO_SPACE',
      `${what} needs ${formatBytes(needed)} in ${dir} but only ${formatBytes(free)} is free. Free space there or ` +
        'point TMPDIR at a larger file system, then try again. Nothing was downloaded.',
      { details: { needed_bytes: needed, free_bytes: free, dir } },
    );
  }
}

/** Streams the image's data out of Glance into `path`, keeping its first bytes for format detection. */
export async function downloadTo(
  cloud: Cloud,
  imageId: string,
  path: string,
  opts: { signal: AbortSignal; progress: (p: Progress) => void },
): Promise<{ bytes: number; head: Buffer }> {
  const { stream, size } = await cloud.openstack.image.downloadImageData(imageId, { signal: opts.signal });
  let bytes = 0;
  let lastReport = 0;
  const heads: Buffer[] = [];
  let headBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (headBytes < HEAD_BYTES) {
        heads.push(chunk.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
      bytes += chunk.length;
      if (bytes - lastReport >= 64 * 1024 * 1024) {
        lastReport = bytes;
        opts.progress({
          message: `Downloaded ${formatBytes(bytes)}${size ? ` of ${formatBytes(size)}` : ''} of image ${imageId}`,
          ...(size ? { fraction: bytes / size } : {}),
        });
      }
      done(null, chunk);
    },
  });
  await pipeline(stream, counter, createWriteStream(path, { mode: 0o600 }), { signal: opts.signal });
  if (size !== undefined && bytes !== size) {
    throw new OpsError(
      'ADOPT.CONVERT_FAILED',
      `Glance announced ${size} bytes for image ${imageId} but sent ${bytes}.`,
    );
  }
  return { bytes, head: Buffer.concat(heads) };
}
