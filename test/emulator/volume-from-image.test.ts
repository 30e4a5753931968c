import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { qcow2Bytes } from '../helpers/images.js';
import { call, field, rawBytes, useEmulatorWithLogins } from './client.js';
import {
  CINDER_360,
  createVolumeFromImage,
  lightbitsVolume,
  uploadImage,
  volumePath,
  volumeStatuses,
} from './scenario.js';

const GiB = 1024 ** 3;

describe('a volume from an image takes the path real Cinder would', () => {
  let emu: RunningEmulator;
  let admin: string;
  let member: string;
  useEmulatorWithLogins((e, a, m) => {
    emu = e;
    admin = a;
    member = m;
  });

  it('raw + bare in the Cinder store → block clone: creating → available, never downloading', async () => {
    const imageId = await uploadImage(emu, admin, { name: 'raw', bytes: rawBytes(2 * 1024 * 1024) });
    const created = await createVolumeFromImage(emu, admin, imageId, 2);
    expect(created.status).toBe(202);
    expect(field(created, 'volume', 'status')).toBe('creating');
    const id = field(created, 'volume', 'id') as string;
    const seen = await volumeStatuses(emu, admin, id, 'available');
    expect(seen[0]).toBe('creating');
    expect(seen).not.toContain('downloading');
    expect(seen.at(-1)).toBe('available');
    const vol = await call(emu, 'GET', `${volumePath(emu)}/${id}`, { token: admin, headers: CINDER_360 });
    expect(field(vol, 'volume', 'bootable')).toBe('true');
    expect(field(vol, 'volume', 'metadata')).toEqual({});
    expect(field(vol, 'volume', 'volume_image_metadata')).toMatchObject({
      image_id: imageId,
      disk_format: 'raw',
      min_disk: '0',
    });
    expect(field(vol, 'volume', 'os-vol-tenant-attr:tenant_id')).toBe(emu.users.admin.projectId);
    const lb = await lightbitsVolume(emu, id);
    expect(lb?.['sourceSnapshotName']).toBe(`for_clone_${id}`);
    const { endpoints, jwt, project } = emu.lightbits;
    const snap = await fetch(`${endpoints[0]}/api/v2/projects/${project}/snapshots/?Name=for_clone_${id}`, {
      headers: { Authorization: `Bearer ${jwt}` },
    });
    expect(snap.status).toBe(404);
  });

  it('qcow2 in the Cinder store → copy path: creating → downloading → available, a fresh Lightbits volume', async () => {
    const imageId = await uploadImage(emu, admin, { name: 'q', diskFormat: 'qcow2', bytes: qcow2Bytes(GiB) });
    const image = await call(emu, 'GET', `/image/v2/images/${imageId}`, { token: admin });
    expect(field(image, 'virtual_size')).toBe(GiB);
    const created = await createVolumeFromImage(emu, admin, imageId, 1);
    const id = field(created, 'volume', 'id') as string;
    expect(await volumeStatuses(emu, admin, id, 'available')).toEqual(['creating', 'downloading', 'available']);
    const lb = await lightbitsVolume(emu, id);
    expect(lb).not.toBeNull();
    expect(lb?.['sourceSnapshotName']).toBeUndefined();
  });

  it('another project cloning a public raw image still clones (image_owner matches the owner)', async () => {
    const images = await call(emu, 'GET', '/image/v2/images?name=cirros', { token: member });
    const cirros = (field(images, 'images') as { id: string }[])[0]?.id ?? '';
    const created = await call(emu, 'POST', volumePath(emu, 'member'), {
      token: member,
      body: { volume: { size: 1, imageRef: cirros } },
    });
    const id = field(created, 'volume', 'id') as string;
    expect(await volumeStatuses(emu, member, id, 'available', 'member')).not.toContain('downloading');
  });

  it('refuses a size below the image, naming both sizes, and creates nothing', async () => {
    const imageId = await uploadImage(emu, admin, {
      name: 'big-virtual',
      diskFormat: 'qcow2',
      bytes: qcow2Bytes(3 * GiB),
    });
    const before = await call(emu, 'GET', `${volumePath(emu)}/detail`, { token: admin });
    const reply = await createVolumeFromImage(emu, admin, imageId, 1);
    expect(reply.status).toBe(400);
    expect(field(reply, 'badRequest', 'message')).toBe(
      `Image ${imageId} is unacceptable: Image virtual size is 3GB and doesn't fit in a volume of size 1GB.`,
    );
    const after = await call(emu, 'GET', `${volumePath(emu)}/detail`, { token: admin });
    expect((field(after, 'volumes') as unknown[]).length).toBe((field(before, 'volumes') as unknown[]).length);
  });

  it('a clone of a volume and a volume from a snapshot go through Lightbits too', async () => {
    const blank = await call(emu, 'POST', volumePath(emu), {
      token: admin,
      body: { volume: { size: 1, name: 'src' } },
    });
    const srcId = field(blank, 'volume', 'id') as string;
    await volumeStatuses(emu, admin, srcId, 'available');
    const clone = await call(emu, 'POST', volumePath(emu), { token: admin, body: { volume: { source_volid: srcId } } });
    const cloneId = field(clone, 'volume', 'id') as string;
    expect(field(clone, 'volume', 'source_volid')).toBe(srcId);
    await volumeStatuses(emu, admin, cloneId, 'available');
    expect((await lightbitsVolume(emu, cloneId))?.['sourceSnapshotName']).toBe(`for_clone_${cloneId}`);
    const snapPath = `/volume/v3/${emu.users.admin.projectId}/snapshots`;
    const snap = await call(emu, 'POST', snapPath, {
      token: admin,
      body: { snapshot: { volume_id: srcId, name: 's' } },
    });
    expect(snap.status).toBe(202);
    const snapId = field(snap, 'snapshot', 'id') as string;
    for (let i = 0; i < 200; i++) {
      if (
        field(await call(emu, 'GET', `${snapPath}/${snapId}`, { token: admin }), 'snapshot', 'status') === 'available'
      )
        break;
      await new Promise((r) => setTimeout(r, 2));
    }
    const fromSnap = await call(emu, 'POST', volumePath(emu), {
      token: admin,
      body: { volume: { snapshot_id: snapId } },
    });
    const fromSnapId = field(fromSnap, 'volume', 'id') as string;
    await volumeStatuses(emu, admin, fromSnapId, 'available');
    expect((await lightbitsVolume(emu, fromSnapId))?.['sourceSnapshotName']).toBe(`snapshot-${snapId}`);
    const del = await call(emu, 'DELETE', `${volumePath(emu)}/${srcId}`, { token: admin });
    expect(del.status).toBe(400);
  });
});
