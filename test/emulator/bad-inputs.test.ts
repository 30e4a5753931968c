import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { FIXTURES_DIR, hasShared, SKIP_REASON } from '../helpers/shared.js';
import { call, field, login } from './client.js';
import { bootFromVolume, summary, volumePath, volumeStatuses } from './scenario.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'openstack-real-zed', name), 'utf8')) as unknown;
}

// Reads ../shared/fixtures: skipped when that folder is absent (SKIP_REASON), never otherwise.
describe.skipIf(!hasShared)(`bad inputs get the real cloud's errors and change nothing (${SKIP_REASON} → skip)`, () => {
  let emu: RunningEmulator;
  let admin: string;
  let volumeId: string;
  let before: Record<string, unknown>;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    admin = await login(emu);
    const created = await call(emu, 'POST', volumePath(emu), { token: admin, body: { volume: { size: 1 } } });
    volumeId = field(created, 'volume', 'id') as string;
    await volumeStatuses(emu, admin, volumeId, 'available');
    before = await summary(emu);
  });
  afterAll(() => emu.close());

  const unchanged = async () => {
    const now = await summary(emu);
    expect([now['images'], now['volumes'], now['servers'], now['snapshots']]).toEqual([
      before['images'],
      before['volumes'],
      before['servers'],
      before['snapshots'],
    ]);
  };

  it('unknown flavor → 400 exactly as Nova words it', async () => {
    const reply = await bootFromVolume(emu, admin, volumeId, { flavorRef: 'no-such-flavor' });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(fixture('compute/server-create-400-bad-flavor.json'));
    await unchanged();
  });

  it('size -1 → 400 exactly as Cinder words it', async () => {
    const reply = await call(emu, 'POST', volumePath(emu), {
      token: admin,
      body: { volume: { size: -1, name: 'bad' } },
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(fixture('volume/volume-create-400.json'));
    await unchanged();
  });

  it('an unknown disk_format → 400 listing the allowed values, word for word', async () => {
    const reply = await call(emu, 'POST', '/image/v2/images', {
      token: admin,
      body: { name: 'bad', disk_format: 'nope', container_format: 'bare' },
    });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(fixture('image/image-create-400-bad-format.json'));
    await unchanged();
  });

  it('an expired token → 401 in each service, the Glance one like the capture', async () => {
    const token = await login(emu);
    emu.faults.expireTokens();
    const glance = await call(emu, 'GET', '/image/v2/images', { token });
    expect(glance.status).toBe(401);
    expect(glance.json).toEqual(fixture('image/images-list-bad-token.json'));
    expect(glance.headers.get('www-authenticate')).toBe(`Keystone uri="${emu.url}/identity"`);
    for (const path of [`${volumePath(emu)}/detail`, '/compute/v2.1/servers', '/network/v2.0/networks']) {
      const r = await call(emu, 'GET', path, { token });
      expect(r.status, path).toBe(401);
      expect(field(r, 'error', 'code')).toBe(401);
    }
    const wrong = await call(emu, 'POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'x' } },
          },
        },
      },
    });
    expect(wrong.json).toEqual(fixture('identity/auth-tokens-wrong-password.json'));
    expect(wrong.headers.get('www-authenticate')).toBe(`Keystone uri="${emu.url}/identity/v3"`);
    await unchanged();
  });

  it('networks "none" below microversion 2.37 → 400; at 2.37 it is accepted', async () => {
    admin = await login(emu);
    const boot = (version: string) =>
      call(emu, 'POST', '/compute/v2.1/servers', {
        token: admin,
        headers: { 'OpenStack-API-Version': `compute ${version}` },
        body: {
          server: {
            name: 'x',
            flavorRef: '1',
            networks: 'none',
            block_device_mapping_v2: [
              { uuid: volumeId, source_type: 'volume', destination_type: 'volume', boot_index: 0 },
            ],
          },
        },
      });
    const old = await boot('2.36');
    expect(old.status).toBe(400);
    expect(field(old, 'badRequest', 'message')).toBe(
      "Invalid input for field/attribute networks. Value: none. 'none' is not of type 'array'",
    );
    await unchanged();
    const ok = await boot('2.37');
    expect(ok.status).toBe(202);
    expect(ok.headers.get('openstack-api-version')).toBe('compute 2.37');
  });
});
