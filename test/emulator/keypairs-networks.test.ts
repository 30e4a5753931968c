import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, field, useEmulatorWithLogins } from './client.js';

describe('Nova key pairs and Neutron networks', () => {
  let emu: RunningEmulator;
  let admin: string;
  let member: string;
  useEmulatorWithLogins((e, a, m) => {
    emu = e;
    admin = a;
    member = m;
  });

  it('key pairs: create (generated or given), show, list, delete; unknown key_name refuses a boot', async () => {
    const path = '/compute/v2.1/os-keypairs';
    const made = await call(emu, 'POST', path, {
      token: member,
      headers: { 'OpenStack-API-Version': 'compute 2.2' },
      body: { keypair: { name: 'k1' } },
    });
    expect(made.status).toBe(201);
    expect(field(made, 'keypair', 'private_key')).toContain('PRIVATE KEY');
    expect(field(made, 'keypair', 'fingerprint')).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect((await call(emu, 'POST', path, { token: member, body: { keypair: { name: 'k1' } } })).status).toBe(409);
    const list = await call(emu, 'GET', path, { token: member });
    expect((field(list, 'keypairs') as { keypair: { name: string } }[]).map((k) => k.keypair.name)).toEqual(['k1']);
    expect(field(await call(emu, 'GET', `${path}/ops-key`, { token: admin }), 'keypair', 'name')).toBe('ops-key');
    expect((await call(emu, 'DELETE', `${path}/k1`, { token: member })).status).toBe(202);
    const boot = await call(emu, 'POST', '/compute/v2.1/servers', {
      token: admin,
      body: { server: { name: 'x', flavorRef: '1', imageRef: '', key_name: 'nope', block_device_mapping_v2: [] } },
    });
    expect(boot.status).toBe(400);
  });

  it('Neutron lists the seeded networks and subnet, and 404s like Neutron', async () => {
    const nets = await call(emu, 'GET', '/network/v2.0/networks?name=private', { token: member });
    const priv = (field(nets, 'networks') as { id: string; subnets: string[] }[])[0];
    expect(priv?.subnets).toHaveLength(1);
    const subs = await call(emu, 'GET', `/network/v2.0/subnets?network_id=${priv?.id}`, { token: member });
    expect(field(subs, 'subnets')).toMatchObject([{ cidr: '10.0.0.0/22', ip_version: 4 }]);
    const missing = await call(emu, 'GET', '/network/v2.0/networks/00000000-0000-0000-0000-000000000000', {
      token: member,
    });
    expect(missing.status).toBe(404);
    expect(field(missing, 'NeutronError', 'type')).toBe('NetworkNotFound');
  });
});
