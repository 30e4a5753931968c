import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { createOpenStack } from '../../../src/clients/openstack/index.js';
import { FixtureCloud } from './fixture-cloud.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;
const CHUNK = 64 * 1024;
const FILE = '/v2/images/845422ce-552d-4495-bdfa-757bebc53256/file';
const IMAGE_ID = '845422ce-552d-4495-bdfa-757bebc53256';

/** 64 MiB made one chunk at a time as the consumer pulls: the test never holds the whole body either. */
function generated(size: number, hash = createHash('sha256')): Readable {
  async function* chunks() {
    for (let i = 0; i * CHUNK < size; i++) {
      const chunk = Buffer.alloc(Math.min(CHUNK, size - i * CHUNK), i % 251);
      hash.update(chunk);
      yield chunk;
    }
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: CHUNK });
}

let cloud: FixtureCloud;
beforeEach(async () => {
  cloud = await FixtureCloud.start();
});
afterEach(async () => {
  cloud.assertWellFormed();
  await cloud.close();
});

describe('image data upload', () => {
  it('streams 64 MiB with Content-Length, never holding the body in memory', async () => {
    const received = { bytes: 0, hash: createHash('sha256'), peakArrayBuffers: 0 };
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    let nextSample = 0;
    cloud.on(
      'glance',
      'PUT',
      FILE,
      async (_req, incoming: IncomingMessage) => {
        for await (const chunk of incoming) {
          received.bytes += (chunk as Buffer).length;
          received.hash.update(chunk as Buffer);
          if (received.bytes >= nextSample) {
            nextSample += 4 * MiB;
            gc();
            received.peakArrayBuffers = Math.max(
              received.peakArrayBuffers,
              process.memoryUsage().arrayBuffers - baseline,
            );
          }
        }
        return { status: 204, headers: { 'Content-Type': 'text/html; charset=UTF-8' } };
      },
      { stream: true },
    );
    const os = createOpenStack(cloud.options());
    const sentHash = createHash('sha256');
    let progress = 0;
    const result = await os.image.uploadImageData(IMAGE_ID, generated(SIZE, sentHash), {
      size: SIZE,
      store: 'cinder',
      onProgress: (n) => {
        progress = n;
      },
    });

    const put = cloud.sent('glance', 'PUT')[0]!;
    expect(put.headers['content-length']).toBe(String(SIZE));
    expect(put.headers['transfer-encoding']).toBeUndefined();
    expect(put.headers['content-type']).toBe('application/octet-stream');
    expect(put.headers['x-image-meta-store']).toBe('cinder');
    expect(put.headers['x-auth-token']).toBe('tok-1');
    expect(received.bytes).toBe(SIZE);
    expect(received.hash.digest('hex')).toBe(sentHash.digest('hex'));
    expect(result.bytesSent).toBe(SIZE);
    expect(progress).toBe(SIZE);
    // Both ends live in this process: a buffered body would show as ≥ 64 MiB of array buffers.
    expect(received.peakArrayBuffers).toBeLessThan(16 * MiB);
  });

  it('sends chunked when the size is unknown', async () => {
    cloud.on(
      'glance',
      'PUT',
      FILE,
      async (_r, incoming) => {
        for await (const _ of incoming);
        return { status: 204 };
      },
      { stream: true },
    );
    await createOpenStack(cloud.options()).image.uploadImageData(IMAGE_ID, generated(3 * CHUNK));
    const put = cloud.sent('glance', 'PUT')[0]!;
    expect(put.headers['content-length']).toBeUndefined();
    expect(put.headers['transfer-encoding']).toBe('chunked');
  });

  it('takes a fresh token before the first byte when the current one is about to expire', async () => {
    cloud.tokenTtlMs = 10_000;
    cloud.on(
      'glance',
      'PUT',
      FILE,
      async (_r, incoming) => {
        for await (const _ of incoming);
        return { status: 204 };
      },
      { stream: true },
    );
    const os = createOpenStack(cloud.options());
    await os.session.authenticate();
    await os.image.uploadImageData(IMAGE_ID, generated(CHUNK), { size: CHUNK });
    expect(cloud.sent('glance', 'PUT')[0]?.headers['x-auth-token']).toBe('tok-2');
  });

  it('reports a 401 during an upload clearly instead of replaying a consumed stream', async () => {
    cloud.on('glance', 'PUT', FILE, () => expect.unreachable('the fixture cloud answers 401 first'), { stream: true });
    const os = createOpenStack(cloud.options());
    await os.session.authenticate();
    cloud.validTokens.clear();
    const err = await os.image
      .uploadImageData(IMAGE_ID, generated(4 * CHUNK), { size: 4 * CHUNK })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).message).toMatch(/cannot be sent twice.*start the upload again/);
    expect(cloud.sent('glance', 'PUT')).toHaveLength(1);
    // The refused token is dropped: the next call authenticates again.
    cloud.on('glance', 'GET', '/v2/info/import', {
      status: 200,
      body: { 'import-methods': { value: ['glance-direct'] } },
    });
    await os.image.getImportInfo();
    expect(cloud.tokensIssued).toBe(2);
  });
});
