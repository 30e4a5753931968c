import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, field, pollUntil, rawBytes, useEmulatorWithLogins } from './client.js';
import { createVolumeFromImage, uploadImage, volumeStatuses } from './scenario.js';

/** Glance's interoperable copy-image (POST /v2/images/{id}/import, method copy-image) into a second store, as on Zed. */
describe('copy-image into a second store', () => {
  let emu: RunningEmulator;
  let admin: string;
  useEmulatorWithLogins((e, a) => {
    emu = e;
    admin = a;
  });

  const importInto = (id: string, body: Record<string, unknown>) =>
    call(emu, 'POST', `/image/v2/images/${id}/import`, { token: admin, body });

  it('lists both stores, and copy-image adds a cinder:// location to a file-store image that then block-clones', async () => {
    const stores = await call(emu, 'GET', '/image/v2/info/stores', { token: admin });
    expect((field(stores, 'stores') as { id: string }[]).map((s) => s.id)).toEqual(['cinder', 'file']);
    const id = await uploadImage(emu, admin, { name: 'in-file', bytes: rawBytes(2 * 1024 * 1024), store: 'file' });
    const before = await call(emu, 'GET', `/image/v2/images/${id}`, { token: admin });
    expect(field(before, 'stores')).toBe('file');

    const started = await importInto(id, { method: { name: 'copy-image' }, stores: ['cinder'] });
    expect(started.status).toBe(202);
    const seen = await pollUntil(
      () => call(emu, 'GET', `/image/v2/images/${id}`, { token: admin }),
      (r) => field(r, 'stores') === 'file,cinder',
    );
    // Glance keeps the image active during the copy and says where it is copying to.
    expect(seen.map((r) => field(r, 'status'))).not.toContain('importing');
    expect(seen.some((r) => field(r, 'os_glance_importing_to_stores') === 'cinder')).toBe(true);
    const after = seen.at(-1);
    if (!after) throw new Error('no answer');
    const urls = (field(after, 'locations') as { url: string; metadata: { store: string } }[]).map(
      (l) => l.metadata.store,
    );
    expect(urls).toEqual(['file', 'cinder']);
    expect(field(after, 'os_glance_importing_to_stores')).toBeUndefined();

    const vol = await createVolumeFromImage(emu, admin, id, 1);
    const statuses = await volumeStatuses(emu, admin, field(vol, 'volume', 'id') as string, 'available');
    expect(statuses).not.toContain('downloading');
  });

  it('refuses copy-image without stores, and into a store that already has the image', async () => {
    const id = await uploadImage(emu, admin, { name: 'in-cinder', bytes: rawBytes(1024 * 1024) });
    expect((await importInto(id, { method: { name: 'copy-image' } })).status).toBe(400);
    expect((await importInto(id, { method: { name: 'copy-image' }, stores: ['cinder'] })).status).toBe(409);
  });
});
