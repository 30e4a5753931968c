import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCloud } from '../../../src/app/cloud.js';
import { collect } from '../../../src/clients/openstack/index.js';
import type { Cloud } from '../../../src/core/cloud/cloud.js';
import type { OperationContext, Progress } from '../../../src/core/engine/operation.js';
import type { RequestDesk } from '../../../src/core/engine/request-desk.js';
import { isOpsError, type OpsError } from '../../../src/core/errors/ops-error.js';
import { uploadImageInput } from '../../../src/core/upload/schema.js';
import { uploadImage } from '../../../src/core/upload/upload-image.op.js';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';

const MiB = 1024 * 1024;
const raw = randomBytes(3 * MiB + 17);
const qcow2 = Buffer.alloc(200 * 1024);
qcow2.write('QFI\xfb', 0, 'latin1');
qcow2.writeUInt32BE(3, 4);
qcow2.writeBigUInt64BE(BigInt(1024 ** 3), 24);

// A fixed-size VHD: raw data, then the 512-byte footer only its end shows.
const fixedVhd = Buffer.concat([randomBytes(100 * 1024), Buffer.alloc(512)]);
fixedVhd.write('conectix', fixedVhd.length - 512, 'latin1');
fixedVhd.writeBigUInt64BE(BigInt(100 * 1024), fixedVhd.length - 512 + 48);

interface Run {
  ctx: OperationContext;
  progress: Progress[];
  checkpoints: Record<string, unknown>[];
}

describe('upload_image against the emulator', () => {
  let emu: RunningEmulator;
  let cloud: Cloud;
  let dir: string;
  let server: Server;
  let base: string;

  function run(): Run {
    const progress: Progress[] = [];
    const checkpoints: Record<string, unknown>[] = [];
    const ctx: OperationContext = {
      actor: { id: 'tester', via: 'cli' },
      requestId: undefined,
      cloud: async () => cloud,
      desk: undefined as unknown as RequestDesk, // upload_image never touches approval requests
      now: () => new Date(),
      progress: (p) => progress.push(p),
      signal: new AbortController().signal,
      checkpoint: async (d) => void checkpoints.push(d),
      resumeFrom: undefined,
    };
    return { ctx, progress, checkpoints };
  }

  const input = (i: Record<string, unknown>) => uploadImageInput.parse(i);
  const imageIds = async () => (await collect(cloud.openstack.image.listImages())).map((i) => i.id).sort();

  async function failure(p: Promise<unknown>): Promise<OpsError> {
    try {
      await p;
    } catch (err) {
      if (isOpsError(err)) return err;
      throw err;
    }
    throw new Error('expected the upload to fail');
  }

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'upload-image-')));
    writeFileSync(join(dir, 'disk.raw'), raw);
    writeFileSync(join(dir, 'disk.qcow2'), qcow2);
    cloud = emulatorCloud(emu, { imageDirs: [dir], pollMs: 20, lightbits: false });
    server = createServer((req, res) => {
      if (req.url === '/disk.qcow2') {
        res.writeHead(200, { 'Content-Length': qcow2.length });
        res.end(qcow2);
      } else if (req.url === '/disk.raw') {
        res.writeHead(200, { 'Content-Length': raw.length });
        res.end(raw);
      } else if (req.url === '/fixed.vhd') {
        res.writeHead(200, { 'Content-Length': fixedVhd.length });
        res.end(fixedVhd);
      } else if (req.url === '/breaks.raw') {
        // promises 1 MiB, sends part of it, then drops the connection
        res.writeHead(200, { 'Content-Length': MiB });
        res.write(raw.subarray(0, 200 * 1024), () => setTimeout(() => res.socket?.destroy(), 50));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The policy's image_hosts, naming this loopback server as an operator names a trusted image server.
    cloud = { ...cloud, imageHosts: [new URL(base).host] };
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads a raw file: active, checksums match, image volume image-<id> exists', async () => {
    const { ctx, progress, checkpoints } = run();
    const out = uploadImage.output.parse(
      await uploadImage.run(input({ source: join(dir, 'disk.raw'), name: 'raw-up', disk_format: 'raw' }), ctx),
    );
    expect(out).toMatchObject({ status: 'active', name: 'raw-up', detected_format: 'raw', source_kind: 'file' });
    expect(out.checksums_match).toBe(true);
    expect(out.size_bytes).toBe(raw.length);
    expect(out.sha512).toBe(createHash('sha512').update(raw).digest('hex'));
    expect(out.md5).toBe(createHash('md5').update(raw).digest('hex'));
    expect(out.verification.image_id).toBe(out.image_id);
    expect(checkpoints).toEqual([{ image_name: 'raw-up' }, { image_id: out.image_id }]);
    expect(progress.some((p) => p.fraction === 1 && /of 3\.0 MiB/.test(p.message))).toBe(true);
    const volume = await cloud.openstack.volume.findVolume(`image-${out.image_id}`, { allTenants: true });
    expect(volume?.name).toBe(`image-${out.image_id}`);
    expect(uploadImage.summarize(out)).toContain(out.image_id);
  });

  it('streams a qcow2 URL, detected from its first bytes, with a note on the copy path', async () => {
    const { ctx } = run();
    const out = uploadImage.output.parse(
      await uploadImage.run(input({ source: `${base}/disk.qcow2`, name: 'q-url', disk_format: 'qcow2' }), ctx),
    );
    expect(out).toMatchObject({
      status: 'active',
      detected_format: 'qcow2',
      source_kind: 'url',
      checksums_match: true,
    });
    expect(out.virtual_size_bytes).toBe(1024 ** 3);
    expect(out.notes.join(' ')).toContain('raw/bare');
  });

  it('confirms a fixed VHD from a URL by its footer, and refuses it as raw once the footer is seen', async () => {
    const ok = uploadImage.output.parse(
      await uploadImage.run(input({ source: `${base}/fixed.vhd`, name: 'vhd', disk_format: 'vhd' }), run().ctx),
    );
    expect(ok).toMatchObject({ status: 'active', detected_format: 'vhd', virtual_size_bytes: 100 * 1024 });
    expect(ok.notes).toContain('disk_format=vhd was confirmed by the VHD footer at the end of the download.');

    const before = await imageIds();
    const err = await failure(
      uploadImage.run(input({ source: `${base}/fixed.vhd`, name: 'vhd-raw', disk_format: 'raw' }), run().ctx),
    );
    expect(err.code).toBe('UPLOAD.FORMAT_MISMATCH');
    expect(err.message).toContain('pass disk_format=vhd');
    expect(err.details?.['leftovers']).toEqual([]);
    expect(await imageIds()).toEqual(before);
  });

  it('refuses a declared format the file contradicts, before creating anything', async () => {
    const before = await imageIds();
    const err = await failure(
      uploadImage.run(input({ source: join(dir, 'disk.qcow2'), name: 'wrong', disk_format: 'raw' }), run().ctx),
    );
    expect(err.code).toBe('UPLOAD.FORMAT_MISMATCH');
    expect(err.message).toContain('pass disk_format=qcow2');
    expect(err.message).toContain('qemu-img convert');
    expect(await imageIds()).toEqual(before);
  });

  it('refuses a metadata URL, an unlisted loopback URL and a file outside the allowed directories, creating nothing', async () => {
    const before = await imageIds();
    const meta = await failure(
      uploadImage.run(input({ source: 'http://169.254.169.254/x', name: 'm', disk_format: 'raw' }), run().ctx),
    );
    expect(meta.code).toBe('UPLOAD.SOURCE_REFUSED');
    const unlisted = await failure(
      uploadImage.run(input({ source: 'http://127.0.0.2:9100/metrics', name: 'l', disk_format: 'raw' }), run().ctx),
    );
    expect(unlisted.code).toBe('UPLOAD.HOST_NOT_ALLOWED');
    const outside = await failure(
      uploadImage.run(input({ source: '/etc/hostname', name: 'o', disk_format: 'raw' }), run().ctx),
    );
    expect(outside.message).toContain(`Allowed directories: ${dir}`);
    expect(await imageIds()).toEqual(before);
  });

  it('deletes the queued image when the source breaks half-way', async () => {
    const before = await imageIds();
    const { ctx, checkpoints } = run();
    const err = await failure(
      uploadImage.run(input({ source: `${base}/breaks.raw`, name: 'broken', disk_format: 'raw' }), ctx),
    );
    expect(err.code).toBe('UPLOAD.FAILED');
    expect(err.message).toContain(`Reading ${base}/breaks.raw failed after`);
    expect(err.message).toContain('was deleted');
    expect(err.details?.['leftovers']).toEqual([]);
    expect(checkpoints).toHaveLength(2);
    expect(await imageIds()).toEqual(before);
  });

  it('refuses and deletes an image whose checksums differ from what was sent', async () => {
    const before = await imageIds();
    // Glance's first answer after the upload claims other bytes.
    emu.faults.injectHttp({
      method: 'GET',
      path: '^/image/v2/images/[0-9a-f-]{36}$',
      status: 200,
      body: {
        id: '00000000-0000-0000-0000-000000000000',
        name: 'tampered',
        status: 'active',
        disk_format: 'raw',
        container_format: 'bare',
        size: raw.length,
        checksum: '0'.repeat(32),
        os_hash_algo: 'sha512',
        os_hash_value: '0'.repeat(128),
        visibility: 'shared',
      },
    });
    const err = await failure(
      uploadImage.run(input({ source: join(dir, 'disk.raw'), name: 'tampered', disk_format: 'raw' }), run().ctx),
    );
    emu.faults.clearHttp();
    expect(err.code).toBe('UPLOAD.CHECKSUM_MISMATCH');
    expect(err.message).toMatch(/sha512: Glance has 0+, blockops sent [0-9a-f]{128}; md5/);
    expect(err.details?.['leftovers']).toEqual([]);
    expect(await imageIds()).toEqual(before);
  });

  it('lists what it could not delete in details.leftovers', async () => {
    const before = await imageIds();
    emu.faults.injectHttp({ method: 'DELETE', path: '^/image/v2/images/', status: 500, count: 3 });
    const err = await failure(
      uploadImage.run(input({ source: `${base}/breaks.raw`, name: 'stuck', disk_format: 'raw' }), run().ctx),
    );
    emu.faults.clearHttp();
    const leftovers = err.details?.['leftovers'] as { id: string }[];
    expect(leftovers).toHaveLength(1);
    expect(err.message).toContain(`openstack image delete ${leftovers[0]?.id}`);
    expect(await imageIds()).toEqual([...before, leftovers[0]!.id].sort());
    await cloud.openstack.image.deleteImage(leftovers[0]!.id);
  });

  it('hands a URL to Glance with web-download when offered, and refuses when not', async () => {
    const { ctx } = run();
    const out = uploadImage.output.parse(
      await uploadImage.run(
        input({ source: `${base}/disk.raw`, name: 'wd', disk_format: 'raw', import_method: 'web-download' }),
        ctx,
      ),
    );
    expect(out).toMatchObject({ status: 'active', source_kind: 'web-download', size_bytes: raw.length });
    expect(out.md5).toBe(createHash('md5').update(raw).digest('hex'));

    const before = await imageIds();
    emu.faults.injectHttp({
      method: 'GET',
      path: 'info/import$',
      status: 200,
      body: { 'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct'] } },
    });
    const err = await failure(
      uploadImage.run(
        input({ source: `${base}/disk.raw`, name: 'wd2', disk_format: 'raw', import_method: 'web-download' }),
        run().ctx,
      ),
    );
    emu.faults.clearHttp();
    expect(err.code).toBe('UPLOAD.IMPORT_UNAVAILABLE');
    expect(err.message).toContain('import_method=upload');
    expect(await imageIds()).toEqual(before);
  });

  it('on resume, deletes the image an interrupted run left and starts again', async () => {
    const earlier = await cloud.openstack.image.createImage({
      name: 'half',
      diskFormat: 'raw',
      containerFormat: 'bare',
    });
    const { ctx } = run();
    const out = uploadImage.output.parse(
      await uploadImage.run(input({ source: join(dir, 'disk.raw'), name: 'again', disk_format: 'raw' }), {
        ...ctx,
        resumeFrom: { image_id: earlier.id },
      }),
    );
    expect(out.status).toBe('active');
    expect(out.notes[0]).toContain(`image ${earlier.id}; it was deleted`);
    expect(await imageIds()).not.toContain(earlier.id);
  });

  it('previews exactly what will happen', () => {
    const text = uploadImage.preview!(input({ source: join(dir, 'disk.raw'), name: 'x', disk_format: 'raw' }));
    expect(text).toContain(`Upload ${join(dir, 'disk.raw')} (raw, 3.0 MiB) as image "x" into Glance's default store`);
  });
});
