import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FOOTER_BYTES } from './detect-format.js';

export interface Digests {
  sha512: string;
  md5: string;
  bytes: number;
  /** The last 512 bytes (fewer if the data was shorter): where a fixed-size VHD keeps its footer. */
  tail: Buffer;
}

/**
 * Passes bytes through unchanged while computing sha512 and md5 (Glance's os_hash_value and checksum)
 * and counting them. Memory stays constant: only the hash states and a 512-byte tail are kept.
 */
export class HashingStream extends Transform {
  readonly #sha512: Hash = createHash('sha512');
  readonly #md5: Hash = createHash('md5');
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
    this.#sha512.update(chunk);
    this.#md5.update(chunk);
    this.#bytes += chunk.length;
    this.#tail =
      chunk.length >= FOOTER_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - FOOTER_BYTES))
        : Buffer.concat([this.#tail, chunk]).subarray(-FOOTER_BYTES);
    this.#onBytes?.(this.#bytes);
    done(null, chunk);
  }

  /** The digests of everything that passed; only once the stream has finished. */
  digests(): Digests {
    if (!this.writableFinished) throw new Error('HashingStream.digests() called before the data ended');
    this.#digests ??= {
      sha512: this.#sha512.digest('hex'),
      md5: this.#md5.digest('hex'),
      bytes: this.#bytes,
      tail: this.#tail,
    };
    return this.#digests;
  }
}
