import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { call, field, login } from './client.js';
import { volumePath, volumeStatuses } from './scenario.js';

describe('fault injection, through the API object and the /_emulator admin calls', () => {
  let emu: RunningEmulator;
  let admin: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    admin = await login(emu);
  });
  afterAll(() => emu.close());

  it('injects an HTTP status for N matching requests, in the service’s own error shape', async () => {
    const path = `${volumePath(emu)}/detail`;
    const created = await call(emu, 'POST', '/_emulator/faults/http', {
      body: { method: 'GET', path: '/volumes/detail$', status: 503, count: 2 },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const r = await call(emu, 'GET', path, { token: admin });
      expect(r.status).toBe(503);
      expect(field(r, 'serviceUnavailable', 'code')).toBe(503);
      expect(r.headers.get('x-openstack-request-id')).toMatch(/^req-[0-9a-f-]{36}$/);
    }
    expect((await call(emu, 'GET', path, { token: admin })).status).toBe(200);
    emu.faults.injectHttp({ path: '^/image/v2/images$', status: 500 });
    const glance = await call(emu, 'GET', '/image/v2/images', { token: admin });
    expect(glance.status).toBe(500);
    expect(field(glance, 'code')).toBe('500 Internal Server Error');
  });

  it('injected latency delays but still serves; clearing removes pending rules', async () => {
    emu.faults.injectHttp({ path: '^/compute/v2.1/flavors$', latencyMs: 5 });
    expect((await call(emu, 'GET', '/compute/v2.1/flavors', { token: admin })).status).toBe(200);
    emu.faults.injectHttp({ path: '^/compute/', status: 500, count: 5 });
    expect(emu.faults.clearHttp()).toBe(1);
    expect((await call(emu, 'GET', '/compute/v2.1/flavors', { token: admin })).status).toBe(200);
  });

  it('a stopped service shows down in os-services, and comes back up', async () => {
    const stopped = await call(emu, 'POST', '/_emulator/services/cinder-volume/down');
    expect(field(stopped, 'changed')).toBe(1);
    const services = () =>
      call(emu, 'GET', `/volume/v3/${emu.users.admin.projectId}/os-services?binary=cinder-volume`, {
        token: admin,
        headers: { 'OpenStack-API-Version': 'volume 3.49' },
      });
    expect(field(await services(), 'services')).toMatchObject([{ state: 'down', backend_state: 'down' }]);
    const created = await call(emu, 'POST', volumePath(emu), { token: admin, body: { volume: { size: 1 } } });
    const id = field(created, 'volume', 'id') as string;
    expect(await volumeStatuses(emu, admin, id, 'available')).toEqual(['creating', 'error']);
    emu.faults.setServiceState('cinder-volume', 'up');
    expect(field(await services(), 'services')).toMatchObject([{ state: 'up', backend_state: 'up' }]);
    emu.faults.setServiceState('nova-compute', 'down');
    const nova = await call(emu, 'GET', '/compute/v2.1/os-services?binary=nova-compute', { token: admin });
    expect(field(nova, 'services')).toMatchObject([{ state: 'down' }]);
  });

  it('expiring tokens forces a new login', async () => {
    const token = await login(emu);
    const expired = await call(emu, 'POST', '/_emulator/tokens/expire');
    expect(field(expired, 'expired')).toBeGreaterThanOrEqual(1);
    expect((await call(emu, 'GET', '/compute/v2.1/flavors', { token })).status).toBe(401);
    admin = await login(emu);
    expect((await call(emu, 'GET', '/compute/v2.1/flavors', { token: admin })).status).toBe(200);
  });

  it('fails and restores a Lightbits node, and takes a Lightbits API endpoint down and up', async () => {
    const nodes = async () => {
      const res = await fetch(`${emu.lightbits.endpoints[1]}/api/v2/nodes`, {
        headers: { Authorization: `Bearer ${emu.lightbits.jwt}` },
      });
      return ((await res.json()) as { nodes: { state: string }[] }).nodes;
    };
    expect((await nodes())[0]?.state).toBe('Active');
    expect((await call(emu, 'POST', '/_emulator/lightbits/nodes/0/fail')).status).toBe(200);
    expect((await nodes())[0]?.state).not.toBe('Active');
    await emu.faults.restoreLightbitsNode(0);
    expect((await call(emu, 'POST', '/_emulator/lightbits/endpoints/0/down')).status).toBe(200);
    await expect(fetch(`${emu.lightbits.endpoints[0]}/api/v2/nodes`)).rejects.toThrow();
    await emu.faults.setLightbitsEndpointDown(0, false);
    const back = await fetch(`${emu.lightbits.endpoints[0]}/api/v2/nodes`, {
      headers: { Authorization: `Bearer ${emu.lightbits.jwt}` },
    });
    expect(back.status).toBe(200);
  });

  it('GET /_emulator/state sums up what the cloud holds', async () => {
    const state = await call(emu, 'GET', '/_emulator/state');
    expect(field(state, 'images', 'total')).toBe(1);
    expect(field(state, 'volumes', 'byOrigin')).toMatchObject({ 'glance-store': 1 });
    expect(field(state, 'lightbitsEndpoints')).toEqual(emu.lightbits.endpoints);
  });
});
