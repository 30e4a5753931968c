import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, field, login, useEmulatorWithLogins } from './client.js';
import { volumePath } from './scenario.js';

describe('Keystone, microversions, request ids and project scoping', () => {
  let emu: RunningEmulator;
  let admin: string;
  let member: string;
  useEmulatorWithLogins((e, a, m) => {
    emu = e;
    admin = a;
    member = m;
  });

  it('issues tokens with a catalog pointing back at the emulator, for every service type', async () => {
    const r = await call(emu, 'POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: { methods: ['application_credential'], application_credential: emu.appCredential },
        },
      },
    });
    expect(r.status).toBe(201);
    expect(field(r, 'token', 'methods')).toEqual(['application_credential']);
    expect(field(r, 'token', 'project', 'id')).toBe(emu.users.admin.projectId);
    const catalog = field(r, 'token', 'catalog') as {
      type: string;
      endpoints: { url: string; interface: string; region: string }[];
    }[];
    const url = (type: string) =>
      catalog.find((s) => s.type === type)?.endpoints.find((e) => e.interface === 'public')?.url;
    expect(url('volumev3')).toBe(`${emu.url}/volume/v3/${emu.users.admin.projectId}`);
    expect(url('block-storage')).toBe(url('volumev3'));
    expect(url('compute')).toBe(`${emu.url}/compute/v2.1`);
    expect(url('image')).toBe(`${emu.url}/image`);
    expect(url('network')).toBe(`${emu.url}/network`);
    expect(url('identity')).toBe(`${emu.url}/identity/v3/`);
    expect(catalog.every((s) => s.endpoints.length === 3 && s.endpoints.every((e) => e.region === 'RegionOne'))).toBe(
      true,
    );
  });

  it('accepts a user and a project given by id', async () => {
    const state = await call(emu, 'POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', domain: { id: 'default' }, password: emu.users.member.password } },
          },
        },
      },
    });
    const userId = field(state, 'token', 'user', 'id') as string;
    expect(field(state, 'token', 'catalog')).toBeUndefined();
    const r = await call(emu, 'POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { id: userId, password: emu.users.member.password } } },
          scope: { project: { id: emu.users.member.projectId } },
        },
      },
    });
    expect(r.status).toBe(201);
    expect(field(r, 'token', 'project', 'name')).toBe('demo');
    const denied = await call(emu, 'POST', '/identity/v3/auth/tokens', {
      body: {
        auth: {
          identity: { methods: ['password'], password: { user: { id: userId, password: emu.users.member.password } } },
          scope: { project: { id: emu.users.admin.projectId } },
        },
      },
    });
    expect(denied.status).toBe(401);
  });

  it('validates and revokes tokens', async () => {
    const token = await login(emu, 'member');
    const ok = await call(emu, 'GET', '/identity/v3/auth/tokens', {
      token: admin,
      headers: { 'X-Subject-Token': token },
    });
    expect(ok.status).toBe(200);
    expect(field(ok, 'token', 'user', 'name')).toBe('demo');
    expect(field(ok, 'token', 'roles')).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'member' })]));
    expect(
      (await call(emu, 'DELETE', '/identity/v3/auth/tokens', { token: admin, headers: { 'X-Subject-Token': token } }))
        .status,
    ).toBe(204);
    expect(
      (await call(emu, 'GET', '/identity/v3/auth/tokens', { token: admin, headers: { 'X-Subject-Token': token } }))
        .status,
    ).toBe(404);
    expect((await call(emu, 'GET', '/compute/v2.1/servers', { token })).status).toBe(401);
  });

  it('echoes the microversion asked for and refuses one out of range with 406', async () => {
    const v = await call(emu, 'GET', `${volumePath(emu)}/detail`, {
      token: admin,
      headers: { 'OpenStack-API-Version': 'volume 3.60' },
    });
    expect(v.headers.get('openstack-api-version')).toBe('volume 3.60');
    expect(v.headers.get('x-openstack-request-id')).toBe(v.headers.get('x-compute-request-id'));
    const tooNew = await call(emu, 'GET', `${volumePath(emu)}/detail`, {
      token: admin,
      headers: { 'OpenStack-API-Version': 'volume 3.71' },
    });
    expect(tooNew.status).toBe(406);
    const nova = await call(emu, 'GET', '/compute/v2.1/servers', {
      token: admin,
      headers: { 'X-OpenStack-Nova-API-Version': '2.93' },
    });
    expect(nova.headers.get('x-openstack-nova-api-version')).toBe('2.93');
    expect(nova.headers.get('openstack-api-version')).toBe('compute 2.93');
    const latest = await call(emu, 'GET', '/compute/v2.1/servers', {
      token: admin,
      headers: { 'OpenStack-API-Version': 'compute latest' },
    });
    expect(latest.headers.get('openstack-api-version')).toBe('compute 2.93');
    expect(
      (
        await call(emu, 'GET', '/compute/v2.1/servers', {
          token: admin,
          headers: { 'OpenStack-API-Version': 'compute 2.94' },
        })
      ).status,
    ).toBe(406);
    const glance = await call(emu, 'GET', '/image/v2/images', { token: admin });
    expect(glance.headers.get('x-openstack-request-id')).toMatch(/^req-/);
  });

  it('keeps projects apart: a foreign project id in the URL, another project’s volume, admin-only lists', async () => {
    const foreign = await call(emu, 'GET', `/volume/v3/${emu.users.admin.projectId}/volumes`, { token: member });
    expect(foreign.status).toBe(400);
    expect(field(foreign, 'badRequest', 'message')).toBe('Malformed request url');
    const created = await call(emu, 'POST', volumePath(emu), { token: admin, body: { volume: { size: 1 } } });
    const id = field(created, 'volume', 'id') as string;
    expect((await call(emu, 'GET', `${volumePath(emu, 'member')}/${id}`, { token: member })).status).toBe(404);
    expect(
      (await call(emu, 'GET', `/volume/v3/${emu.users.member.projectId}/os-services`, { token: member })).status,
    ).toBe(403);
    expect((await call(emu, 'GET', '/compute/v2.1/os-services', { token: member })).status).toBe(403);
    const shown = await call(emu, 'GET', `${volumePath(emu)}/${id}`, { token: admin });
    expect(field(shown, 'volume', 'os-vol-host-attr:host')).toBeDefined();
  });
});
