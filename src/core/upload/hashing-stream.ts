import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FOOTER_BYTES } from './detect-format.js';
import { HashWorker } from './hash-worker.js';

const ALGORITHMS = ['sha512', 'md5'] as const;

export interface Digests {
  sha512: string;
  md5: string;
  bytes: number;
  /** The last 512 bytes (fewer if the data was shorter): where a fixed-size VHD keeps its footer. */
  tail: Buffer;
}

/**
 * Passes bytes through unchanged while computing sha512 and md5 (Glance's os_hash_value and checksum) and counting
 * them. The hashing runs on a worker thread (HashWorker), started with the first byte; memory stays constant: the
 * worker's ring, the hash states and a 512-byte tail.
 */
export class HashingStream extends Transform {
  #hasher: HashWorker | undefined;
  #bytes = 0;
  #tail: Buffer = Buffer.alloc(0);
  #digests: Digests | undefined;
  readonly #onBytes: ((bytes: number) => void) | undefined;

  constructor(onBytes?: (bytes: number) => void) {
    super({ highWaterMark: 1024 * 1024 });
    this.#onBytes = onBytes;
  }

  get bytes(): number {
    return this.#bytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#hasher ??= new HashWorker(ALGORITHMS);
    this.#bytes += chunk.length;
    this.#tail =
      chunk.length >= FOOTER_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - FOOTER_BYTES))
        : Buffer.concat([this.#tail, chunk]).subarray(-FOOTER_BYTES);
    this.#onBytes?.(this.#bytes);
    // Passed on once copied for the hashing thread, which hashes it while it travels.
    this.#hasher.update(chunk).then(() => done(null, chunk), done);
  }

  override _flush(done: TransformCallback): void {
    const hashed = this.#hasher
      ? this.#hasher.digests()
      : Promise.resolve(Object.fromEntries(ALGORITHMS.map((a) => [a, createHash(a).digest('hex')])));
    hashed.then((d) => {
      this.#digests = { sha512: d['sha512'] as string, md5: d['md5'] as string, bytes: this.#bytes, tail: this.#tail };
      done();
    }, done);
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    this.#hasher?.destroy();
    done(err);
  }

  /** The digests of everything that passed; only once the stream has finished. */
  digests(): Digests {
    if (!this.writableFinished || !this.#digests) {
      throw new Error('HashingStream.digests() called before the data ended');
    }
    return this.#digests;
  }
}
