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

  it('a chunked upload (no Content-Length) still lands whole', async () => {
    const bytes = rawBytes(2 * MiB);
    const created = await call(emu, 'POST', '/image/v2/images', {
      token: admin,
      body: { name: 'chunked', disk_format: 'raw', container_format: 'bare' },
    });
    const imageId = field(created, 'id') as string;
    const body = new ReadableStream({
      start(c) {
        c.enqueue(bytes.subarray(0, MiB));
        c.enqueue(bytes.subarray(MiB));
        c.close();
      },
    });
    const res = await fetch(`${emu.url}/image/v2/images/${imageId}/file`, {
      method: 'PUT',
      headers: { 'X-Auth-Token': admin, 'Content-Type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(204);
    const image = await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin });
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

  it('glance-direct: stage, then import, goes uploading → importing → active', async () => {
    const created = await call(emu, 'POST', '/image/v2/images', {
      token: admin,
      body: { name: 'staged', disk_format: 'raw', container_format: 'bare' },
    });
    const imageId = field(created, 'id') as string;
    const octet = { 'Content-Type': 'application/octet-stream' };
    const staged = await call(emu, 'PUT', `/image/v2/images/${imageId}/stage`, { token: admin, raw: rawBytes(MiB), headers: octet });
    expect(staged.status).toBe(204);
    expect(field(await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin }), 'status')).toBe('uploading');
    const imported = await call(emu, 'POST', `/image/v2/images/${imageId}/import`, {
      token: admin,
      body: { method: { name: 'glance-direct' } },
    });
    expect(imported.status).toBe(202);
    const seen = await pollUntil(
      async () => field(await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin }), 'status') as string,
      (s) => s === 'active',
    );
    expect(seen).toEqual(['importing', 'active']);
  });

  it('web-download refuses anything but a local http URL, with a 400 that says why', async () => {
    const created = await call(emu, 'POST', '/image/v2/images', {
      token: admin,
      body: { name: 'remote', disk_format: 'raw', container_format: 'bare' },
    });
    const imageId = field(created, 'id') as string;
    const reply = await call(emu, 'POST', `/image/v2/images/${imageId}/import`, {
      token: admin,
      body: { method: { name: 'web-download', uri: 'https://download.cirros-cloud.net/x.img' } },
    });
    expect(reply.status).toBe(400);
    expect(field(reply, 'message')).toContain('only fetches http:// URLs on 127.0.0.1 or localhost');
    expect(field(await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin }), 'status')).toBe('queued');
  });

  it('PATCH adds, replaces and removes properties; read-only attributes are refused', async () => {
    const created = await call(emu, 'POST', '/image/v2/images', { token: admin, body: { name: 'p', disk_format: 'raw', container_format: 'bare' } });
    const imageId = field(created, 'id') as string;
    const patch = (ops: unknown) =>
      call(emu, 'PATCH', `/image/v2/images/${imageId}`, {
        token: admin,
        body: ops,
        headers: { 'Content-Type': 'application/openstack-images-v2.1-json-patch' },
      });
    const r1 = await patch([
      { op: 'add', path: '/hw_disk_bus', value: 'scsi' },
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/min_disk', value: 2 },
    ]);
    expect(r1.status).toBe(200);
    expect(field(r1, 'hw_disk_bus')).toBe('scsi');
    expect(field(r1, 'name')).toBe('renamed');
    expect(field(r1, 'min_disk')).toBe(2);
    const r2 = await patch([{ op: 'remove', path: '/hw_disk_bus' }]);
    expect(field(r2, 'hw_disk_bus')).toBeUndefined();
    const r3 = await patch([{ op: 'replace', path: '/size', value: 1 }]);
    expect(r3.status).toBe(403);
  });
});
