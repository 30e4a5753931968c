import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { call, field, login, pollUntil } from './client.js';
import { bootFromVolume, CINDER_360, NOVA_279, serverStatuses, volumePath, volumeStatuses } from './scenario.js';

describe('Nova boots from a Cinder volume', () => {
  let emu: RunningEmulator;
  let admin: string;
  let cirros: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    admin = await login(emu);
    const images = await call(emu, 'GET', '/image/v2/images?name=cirros', { token: admin });
    cirros = (field(images, 'images') as { id: string }[])[0]?.id ?? '';
  });
  afterAll(() => emu.close());

  async function bootVolume(): Promise<string> {
    const created = await call(emu, 'POST', volumePath(emu), {
      token: admin,
      body: { volume: { size: 1, imageRef: cirros } },
    });
    const id = field(created, 'volume', 'id') as string;
    await volumeStatuses(emu, admin, id, 'available');
    return id;
  }

  it('BUILD → ACTIVE; the volume goes in-use with an attachment; delete detaches it', async () => {
    const volumeId = await bootVolume();
    const created = await bootFromVolume(emu, admin, volumeId);
    expect(created.status).toBe(202);
    expect(created.headers.get('location')).toBe(`${emu.url}/compute/v2.1/servers/${field(created, 'server', 'id')}`);
    const serverId = field(created, 'server', 'id') as string;
    const seen = await serverStatuses(emu, admin, serverId);
    expect(seen[0]).toBe('BUILD');
    expect(seen.at(-1)).toBe('ACTIVE');
    const server = await call(emu, 'GET', `/compute/v2.1/servers/${serverId}`, { token: admin, headers: NOVA_279 });
    expect(field(server, 'server', 'image')).toBe('');
    expect(field(server, 'server', 'addresses')).toEqual({});
    expect(field(server, 'server', 'os-extended-volumes:volumes_attached')).toEqual([
      { delete_on_termination: false, id: volumeId },
    ]);
    const vol = await call(emu, 'GET', `${volumePath(emu)}/${volumeId}`, { token: admin, headers: CINDER_360 });
    expect(field(vol, 'volume', 'status')).toBe('in-use');
    expect(field(vol, 'volume', 'attachments')).toMatchObject([
      { server_id: serverId, volume_id: volumeId, device: '/dev/sda' },
    ]);

    expect((await bootFromVolume(emu, admin, volumeId)).status).toBe(400);
    expect((await call(emu, 'DELETE', `${volumePath(emu)}/${volumeId}`, { token: admin })).status).toBe(400);

    expect((await call(emu, 'DELETE', `/compute/v2.1/servers/${serverId}`, { token: admin })).status).toBe(204);
    await pollUntil(
      async () => (await call(emu, 'GET', `/compute/v2.1/servers/${serverId}`, { token: admin })).status,
      (s) => s === 404,
    );
    const after = await call(emu, 'GET', `${volumePath(emu)}/${volumeId}`, { token: admin });
    expect(field(after, 'volume', 'status')).toBe('available');
    expect(field(after, 'volume', 'attachments')).toEqual([]);
  });

  it('on the private network the server gets a fixed address and the default security group', async () => {
    const volumeId = await bootVolume();
    const created = await bootFromVolume(emu, admin, volumeId, { networks: 'auto' });
    const serverId = field(created, 'server', 'id') as string;
    await serverStatuses(emu, admin, serverId);
    const server = await call(emu, 'GET', `/compute/v2.1/servers/${serverId}`, { token: admin, headers: NOVA_279 });
    const addresses = field(server, 'server', 'addresses') as Record<string, { addr: string; version: number }[]>;
    expect(Object.keys(addresses)).toEqual(['private']);
    expect(addresses['private']?.[0]?.addr).toMatch(/^10\.0\.0\.\d+$/);
    expect(addresses['private']?.[0]).toMatchObject({ version: 4, 'OS-EXT-IPS:type': 'fixed' });
    expect(field(server, 'server', 'security_groups')).toEqual([{ name: 'default' }]);
    const ports = await call(emu, 'GET', `/network/v2.0/ports?device_id=${serverId}`, { token: admin });
    expect((field(ports, 'ports') as unknown[]).length).toBe(1);
  });

  it('boots from an image-sourced BDM by making the volume itself (a clone of the image volume)', async () => {
    const created = await call(emu, 'POST', '/compute/v2.1/servers', {
      token: admin,
      headers: NOVA_279,
      body: {
        server: {
          name: 'bdm-image',
          flavorRef: '1',
          networks: 'none',
          block_device_mapping_v2: [
            {
              uuid: cirros,
              source_type: 'image',
              destination_type: 'volume',
              boot_index: 0,
              volume_size: 1,
              delete_on_termination: true,
            },
          ],
        },
      },
    });
    expect(created.status).toBe(202);
    const serverId = field(created, 'server', 'id') as string;
    expect((await serverStatuses(emu, admin, serverId)).at(-1)).toBe('ACTIVE');
    const server = await call(emu, 'GET', `/compute/v2.1/servers/${serverId}`, { token: admin, headers: NOVA_279 });
    const attached = field(server, 'server', 'os-extended-volumes:volumes_attached') as { id: string }[];
    expect(attached).toHaveLength(1);
    const vol = await call(emu, 'GET', `${volumePath(emu)}/${attached[0]?.id}`, { token: admin });
    expect(field(vol, 'volume', 'bootable')).toBe('true');
  });

  it('a boot told to fail ends in ERROR with a fault and frees its volume', async () => {
    const volumeId = await bootVolume();
    emu.faults.failNextBoot('No valid host was found. There are not enough hosts available.');
    const created = await bootFromVolume(emu, admin, volumeId);
    const serverId = field(created, 'server', 'id') as string;
    expect((await serverStatuses(emu, admin, serverId)).at(-1)).toBe('ERROR');
    const server = await call(emu, 'GET', `/compute/v2.1/servers/${serverId}`, { token: admin, headers: NOVA_279 });
    expect(field(server, 'server', 'fault')).toMatchObject({
      code: 500,
      message: 'No valid host was found. There are not enough hosts available.',
    });
    expect(typeof field(server, 'server', 'fault', 'created')).toBe('string');
    expect(typeof field(server, 'server', 'fault', 'details')).toBe('string');
    const vol = await call(emu, 'GET', `${volumePath(emu)}/${volumeId}`, { token: admin });
    expect(field(vol, 'volume', 'status')).toBe('available');
  });
});
