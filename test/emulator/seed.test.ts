import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { bulkSeed } from '../helpers/emulator-seed.js';
import { call, field, login } from './client.js';
import { lightbitsVolume, volumePath } from './scenario.js';

describe('seeding in bulk', () => {
  let emu: RunningEmulator;
  let admin: string;
  let member: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 1, seed: bulkSeed({ volumes: 10_000, images: 30, servers: 3 }) });
    admin = await login(emu);
    member = await login(emu, 'member');
  });
  afterAll(() => emu.close());

  it('holds 10,000 seeded volumes, each with its Lightbits volume, paged 1000 at a time', async () => {
    const state = await call(emu, 'GET', '/_emulator/state');
    expect(field(state, 'volumes', 'byOrigin')).toMatchObject({ seed: 10_000 });
    const first = await call(emu, 'GET', `${volumePath(emu)}/detail?all_tenants=1`, { token: admin });
    const page = field(first, 'volumes') as { id: string }[];
    expect(page).toHaveLength(1000);
    const next = (field(first, 'volumes_links') as { href: string; rel: string }[])[0];
    expect(next?.rel).toBe('next');
    expect(next?.href).toContain(`marker=${page.at(-1)?.id}`);
    const second = await call(emu, 'GET', (next?.href ?? '').replace(emu.url, ''), { token: admin });
    const ids = new Set([...page, ...(field(second, 'volumes') as { id: string }[])].map((v) => v.id));
    expect(ids.size).toBe(2000);
    expect(await lightbitsVolume(emu, page[500]?.id ?? '')).toMatchObject({ state: 'Available' });
  });

  it('pages images 25 at a time by default with a next link', async () => {
    const first = await call(emu, 'GET', '/image/v2/images', { token: admin });
    expect(field(first, 'images')).toHaveLength(25);
    const next = field(first, 'next') as string;
    const rest = await call(emu, 'GET', `/image${next}`, { token: admin });
    expect((field(rest, 'images') as unknown[]).length).toBe(6);
    expect(field(rest, 'next')).toBeUndefined();
  });

  it('seeds every third image as qcow2 in the Cinder store, announcing its virtual size', async () => {
    const list = await call(emu, 'GET', '/image/v2/images?name=seed-image-003-qcow2', { token: admin });
    expect(field(list, 'images')).toEqual([
      expect.objectContaining({
        disk_format: 'qcow2',
        size: 4 * 1024 ** 2,
        virtual_size: 1024 ** 3,
        status: 'active',
        stores: 'cinder',
      }),
    ]);
  });

  it('seeded servers are ACTIVE on private, booted from clones of cirros', async () => {
    const list = await call(emu, 'GET', '/compute/v2.1/servers/detail', { token: member });
    const servers = field(list, 'servers') as {
      status: string;
      addresses: Record<string, unknown>;
      'os-extended-volumes:volumes_attached': { id: string }[];
    }[];
    expect(servers).toHaveLength(3);
    expect(servers.every((s) => s.status === 'ACTIVE' && 'private' in s.addresses)).toBe(true);
    const volId = servers[0]?.['os-extended-volumes:volumes_attached'][0]?.id ?? '';
    const vol = await call(emu, 'GET', `${volumePath(emu, 'member')}/${volId}`, { token: member });
    expect(field(vol, 'volume', 'status')).toBe('in-use');
    expect((await lightbitsVolume(emu, volId))?.['sourceSnapshotName']).toBe(`for_clone_${volId}`);
  });
});
