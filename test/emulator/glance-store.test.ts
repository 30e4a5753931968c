import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { call, field, login, pollUntil, rawBytes } from './client.js';
import { CINDER_360, lightbitsVolume, uploadImage, volumePath } from './scenario.js';

const MiB = 1024 * 1024;

describe('Glance on the Cinder store', () => {
  let emu: RunningEmulator;
  let admin: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    admin = await login(emu);
  });
  afterAll(() => emu.close());

  it('an upload creates the read-only image volume in the service project and its Lightbits volume', async () => {
    const bytes = rawBytes(3 * MiB);
    const imageId = await uploadImage(emu, admin, { name: 'up', bytes });
    const image = await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin });
    expect(field(image, 'status')).toBe('active');
    expect(field(image, 'size')).toBe(bytes.length);
    expect(field(image, 'virtual_size')).toBe(bytes.length);
    expect(field(image, 'checksum')).toBe(createHash('md5').update(bytes).digest('hex'));
    expect(field(image, 'os_hash_value')).toBe(createHash('sha512').update(bytes).digest('hex'));
    expect(field(image, 'stores')).toBe('cinder');
    const volumeId = String(field(image, 'direct_url')).replace('cinder://cinder/', '');
    expect(field(image, 'locations')).toEqual([{ metadata: { store: 'cinder' }, url: `cinder://cinder/${volumeId}` }]);

    const vol = await call(emu, 'GET', `${volumePath(emu)}/${volumeId}`, { token: admin, headers: CINDER_360 });
    expect(field(vol, 'volume', 'name')).toBe(`image-${imageId}`);
    expect(field(vol, 'volume', 'size')).toBe(1);
    expect(field(vol, 'volume', 'volume_type')).toBe('lightbits');
    expect(field(vol, 'volume', 'metadata')).toEqual({
      glance_image_id: imageId,
      image_owner: emu.users.admin.projectId,
      image_size: String(bytes.length),
      readonly: 'True',
    });
    expect(field(vol, 'volume', 'os-vol-tenant-attr:tenant_id')).not.toBe(emu.users.admin.projectId);
    expect(await lightbitsVolume(emu, volumeId)).toMatchObject({ name: `volume-${volumeId}`, state: 'Available' });

    const mine = await call(emu, 'GET', `${volumePath(emu)}/detail`, { token: admin });
    expect((field(mine, 'volumes') as { id: string }[]).map((v) => v.id)).not.toContain(volumeId);
  });

  it('the file store keeps the bits on disk and serves them back unchanged', async () => {
    const bytes = rawBytes(MiB + 17);
    const imageId = await uploadImage(emu, admin, { name: 'on-file', bytes, store: 'file' });
    const image = await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin });
    expect(field(image, 'direct_url')).toBe(`file:///var/lib/glance/images/${imageId}`);
    const res = await fetch(`${emu.url}/image/v2/images/${imageId}/file`, { headers: { 'X-Auth-Token': admin } });
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a chunked upload (no Content-Length) shows saving meanwhile and still lands whole', async () => {
    const bytes = rawBytes(2 * MiB);
    const created = await call(emu, 'POST', '/image/v2/images', {
      token: admin,
      body: { name: 'chunked', disk_format: 'raw', container_format: 'bare' },
    });
    const imageId = field(created, 'id') as string;
    let push: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        push = c;
        c.enqueue(bytes.subarray(0, MiB));
      },
    });
    const upload = fetch(`${emu.url}/image/v2/images/${imageId}/file`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': admin, 'Content-Type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    const seen = await pollUntil(
      async () => field(await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin }), 'status') as string,
      (s) => s === 'saving',
    );
    expect(seen.at(-1)).toBe('saving');
    push?.enqueue(bytes.subarray(MiB));
    push?.close();
    expect((await upload).status).toBe(204);
    const image = await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin });
    expect(field(image, 'status')).toBe('active');
    expect(field(image, 'size')).toBe(bytes.length);
  });

  it('deleting an image deletes its image volume and the Lightbits volume', async () => {
    const imageId = await uploadImage(emu, admin, { name: 'doomed', bytes: rawBytes(MiB) });
    const image = await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin });
    const volumeId = String(field(image, 'direct_url')).replace('cinder://cinder/', '');
    expect((await call(emu, 'DELETE', `/image/v2/images/${imageId}`, { token: admin })).status).toBe(204);
    expect((await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin })).status).toBe(404);
    await pollUntil(
      async () => (await call(emu, 'GET', `${volumePath(emu)}/${volumeId}`, { token: admin })).status,
      (s) => s === 404,
    );
    expect(await lightbitsVolume(emu, volumeId)).toBeNull();
  });
});
