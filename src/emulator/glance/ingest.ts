import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Digest } from './data.js';

/**
 * Streams image bytes into a file, hashing as they pass (md5 `checksum`, sha512 `os_hash_value`), never holding the
 * whole image. `onProgress` may pause the stream (e.g. the Cinder store extending its volume one GiB at a time).
 */
export async function ingest(
  source: AsyncIterable<Buffer | string>,
  path: string,
  onProgress?: (bytesSoFar: number) => Promise<void>,
): Promise<Digest> {
  const out = createWriteStream(path);
  // A write still in flight when an aborted upload destroys the stream fails later; that is expected, not a crash.
  let writeError: Error | undefined;
  out.on('error', (e) => {
    writeError ??= e;
  });
  const md5 = createHash('md5');
  const sha = createHash('sha512');
  let size = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const raw of source) {
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
      if (head.length < 512) head = Buffer.concat([head, chunk.subarray(0, 512 - head.length)]);
      md5.update(chunk);
      sha.update(chunk);
      size += chunk.length;
      if (onProgress) await onProgress(size);
      if (writeError) throw writeError;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { size, md5: md5.digest('hex'), sha512: sha.digest('hex'), head };
}
