import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { HashWorker } from '../../../src/core/upload/hash-worker.js';
import { HashingStream } from '../../../src/core/upload/hashing-stream.js';

const MiB = 1024 * 1024;
const sink = () =>
  new Writable({
    write(_chunk, _e, done) {
      done();
    },
  });

describe('HashWorker', () => {
  it('hashes chunks larger than its whole ring, in order, with every algorithm', async () => {
    const data = randomBytes(9 * MiB + 5); // more than the 4 × 1 MiB ring: update waits for slots to come back
    const hasher = new HashWorker(['sha512', 'md5', 'sha256']);
    await hasher.update(data.subarray(0, 7));
    await hasher.update(data.subarray(7, 6 * MiB));
    await hasher.update(data.subarray(6 * MiB));
    expect(await hasher.digests()).toEqual({
      sha512: createHash('sha512').update(data).digest('hex'),
      md5: createHash('md5').update(data).digest('hex'),
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  });

  it('refuses more work once stopped', async () => {
    const hasher = new HashWorker(['md5']);
    hasher.destroy();
    await expect(hasher.update(Buffer.alloc(10))).rejects.toThrow(/stopped/);
  });
});

describe('HashingStream on its worker', () => {
  it('gives the digests of nothing for an empty stream', async () => {
    const h = new HashingStream();
    await pipeline(Readable.from([]), h, sink());
    expect(h.digests()).toMatchObject({ md5: createHash('md5').digest('hex'), bytes: 0 });
  });

  it('stops its thread when the stream is destroyed half-way', async () => {
    const h = new HashingStream();
    const source = new Readable({ read() {} });
    const done = pipeline(source, h, sink());
    source.push(randomBytes(3 * MiB));
    source.destroy(new Error('the source broke'));
    await expect(done).rejects.toThrow('the source broke');
    expect(h.destroyed).toBe(true);
    expect(() => h.digests()).toThrow(/before the data ended/);
  });
});
