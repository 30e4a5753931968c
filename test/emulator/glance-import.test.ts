import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { call, field, login, pollUntil, rawBytes } from './client.js';

const MiB = 1024 * 1024;

describe('Glance imports and image updates', () => {
  let emu: RunningEmulator;
  let admin: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    admin = await login(emu);
  });
  afterAll(() => emu.close());

  it('glance-direct: stage, then import, goes uploading → importing → active', async () => {
    const created = await call(emu, 'POST', '/image/v2/images', {
      token: admin,
      body: { name: 'staged', disk_format: 'raw', container_format: 'bare' },
    });
    const imageId = field(created, 'id') as string;
    const octet = { 'Content-Type': 'application/octet-stream' };
    const staged = await call(emu, 'PUT', `/image/v2/images/${imageId}/stage`, {
      token: admin,
      raw: rawBytes(MiB),
      headers: octet,
    });
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
    const created = await call(emu, 'POST', '/image/v2/images', {
      token: admin,
      body: { name: 'p', disk_format: 'raw', container_format: 'bare' },
    });
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
