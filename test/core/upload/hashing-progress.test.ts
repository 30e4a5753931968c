import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/core/engine/operation.js';
import { HashingStream } from '../../../src/core/upload/hashing-stream.js';
import { formatBytes, formatDuration } from '../../../src/core/upload/human.js';
import { peek } from '../../../src/core/upload/peek.js';
import { createProgressReporter, progressOf } from '../../../src/core/upload/progress-reporter.js';

const MiB = 1024 * 1024;

async function drain(source: Readable, through: HashingStream): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    source,
    through,
    new Writable({
      write(chunk, _e, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(out);
}

describe('HashingStream', () => {
  it('computes the known sha512 and md5 of "abc" and passes the bytes through', async () => {
    const h = new HashingStream();
    const out = await drain(Readable.from([Buffer.from('a'), Buffer.from('bc')]), h);
    expect(out.toString()).toBe('abc');
    const d = h.digests();
    expect(d.md5).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(d.sha512).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(d.bytes).toBe(3);
    expect(d.tail.toString()).toBe('abc');
  });

  it('hashes many chunks like one and keeps only the last 512 bytes', async () => {
    const data = randomBytes(3 * MiB + 123);
    const chunks = [];
    for (let i = 0; i < data.length; i += 65_537) chunks.push(data.subarray(i, i + 65_537));
    const h = new HashingStream();
    await drain(Readable.from(chunks), h);
    const d = h.digests();
    expect(d.sha512).toBe(createHash('sha512').update(data).digest('hex'));
    expect(d.md5).toBe(createHash('md5').update(data).digest('hex'));
    expect(d.bytes).toBe(data.length);
    expect(d.tail.equals(data.subarray(-512))).toBe(true);
  });

  it('builds the tail from small chunks', async () => {
    const data = randomBytes(2000);
    const chunks = [];
    for (let i = 0; i < data.length; i += 7) chunks.push(data.subarray(i, i + 7));
    const h = new HashingStream();
    await drain(Readable.from(chunks), h);
    expect(h.digests().tail.equals(data.subarray(-512))).toBe(true);
  });

  it('refuses digests before the data ended', () => {
    expect(() => new HashingStream().digests()).toThrow(/before the data ended/);
  });
});

describe('progress', () => {
  it('says bytes done of total, rate and time left', () => {
    const p = progressOf(512 * MiB, 2048 * MiB, 4);
    expect(p.message).toBe('Uploaded 512.0 MiB of 2.0 GiB (25%) at 128.0 MiB/s, about 12 s left');
    expect(p.fraction).toBe(0.25);
  });

  it('says when less than a second is left', () => {
    expect(progressOf(99 * MiB, 100 * MiB, 1).message).toMatch(/, under 1 s left$/);
  });

  it('without a total: bytes and rate, no fraction', () => {
    expect(progressOf(3 * MiB, undefined, 2)).toEqual({ message: 'Uploaded 3.0 MiB at 1.5 MiB/s' });
  });

  it('reports at most once per interval, and always the end', () => {
    let t = 1000;
    const seen: Progress[] = [];
    const r = createProgressReporter({ total: 100 * MiB, report: (p) => seen.push(p), now: () => t });
    for (let i = 1; i <= 100; i++) {
      t += 10; // 100 updates over one second
      r.update(i * MiB);
    }
    r.finish(100 * MiB);
    expect(seen.length).toBeLessThanOrEqual(6);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.at(-1)).toEqual({ message: 'Uploaded 100.0 MiB of 100.0 MiB (100%) at 100.0 MiB/s', fraction: 1 });
    expect(seen[1]?.message).toMatch(
      /^Uploaded \d+\.\d MiB of 100\.0 MiB \(\d+%\) at [\d.]+ MiB\/s, (about \d+ s|under 1 s) left$/,
    );
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 ** 4)).toBe('1.0 TiB');
    expect(formatDuration(59.6)).toBe('1 min 00 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
  });
});

describe('peek', () => {
  it('returns the head and a stream that still yields every byte', async () => {
    const data = randomBytes(300_000);
    const chunks = [];
    for (let i = 0; i < data.length; i += 10_000) chunks.push(data.subarray(i, i + 10_000));
    const { head, stream } = await peek(Readable.from(chunks), 65_536);
    expect(head.length).toBeGreaterThanOrEqual(65_536);
    expect(head.equals(data.subarray(0, head.length))).toBe(true);
    const h = new HashingStream();
    expect((await drain(stream, h)).equals(data)).toBe(true);
  });

  it('handles a stream shorter than the head', async () => {
    const { head, stream } = await peek(Readable.from([Buffer.from('tiny')]), 65_536);
    expect(head.toString()).toBe('tiny');
    expect((await drain(stream, new HashingStream())).toString()).toBe('tiny');
  });

  it('rejects when the stream fails before the head is read', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(peek(failing, 10)).rejects.toThrow('connection reset');
  });
});
