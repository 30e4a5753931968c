import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, createOpenStack, isOpenStackError, type OpenStack } from '../../../src/clients/openstack/index.js';
import { FixtureCloud } from './fixture-cloud.js';

// No Neutron response was captured; these bodies follow the Neutron v2.0 api-ref (GET /v2.0/networks).
const net = (id: string, name: string) => ({
  id,
  name,
  status: 'ACTIVE',
  admin_state_up: true,
  shared: false,
  'router:external': name === 'public',
  subnets: ['54d6f61d-db07-451c-9ab3-b9609b6b6f0b'],
  project_id: '133cd1cab6df4901b315cca41c5d894f',
  tenant_id: '133cd1cab6df4901b315cca41c5d894f',
  mtu: 1450,
  availability_zones: ['nova'],
  'provider:network_type': 'vxlan',
});
const A = '9c5c2e7a-1111-4a8e-9e63-0d8b58a2b1a1';
const B = '9c5c2e7a-2222-4a8e-9e63-0d8b58a2b1a2';

let cloud: FixtureCloud;
let os: OpenStack;
beforeEach(async () => {
  cloud = await FixtureCloud.start();
  os = createOpenStack(cloud.options());
  cloud.on('neutron', 'GET', '/v2.0/networks', (req) => {
    const all = [
      net(A, 'private'),
      net(B, 'public'),
      net('9c5c2e7a-3333-4a8e-9e63-0d8b58a2b1a3', 'dup'),
      net('9c5c2e7a-4444-4a8e-9e63-0d8b58a2b1a4', 'dup'),
    ];
    return {
      status: 200,
      body: { networks: req.query['name'] ? all.filter((n) => n.name === req.query['name']) : all },
    };
  });
  cloud.on('neutron', 'GET', /^\/v2\.0\/networks\/[^/]+$/, {
    status: 404,
    body: { NeutronError: { type: 'NetworkNotFound', message: 'Network x could not be found.', detail: '' } },
  });
  cloud.on('neutron', 'GET', `/v2.0/networks/${A}`, { status: 200, body: { network: net(A, 'private') } });
});
afterEach(async () => {
  expect(cloud.unexpected).toEqual([]);
  cloud.assertWellFormed();
  await cloud.close();
});

describe('Neutron v2.0 networks', () => {
  it('lists networks at /v2.0 (added to the versionless catalog URL) and renames fields', async () => {
    const nets = await collect(os.network.listNetworks());
    expect(nets.map((n) => [n.name, n.external])).toEqual([
      ['private', false],
      ['public', true],
      ['dup', false],
      ['dup', false],
    ]);
    expect(nets[0]).toMatchObject({ projectId: '133cd1cab6df4901b315cca41c5d894f', mtu: 1450, adminStateUp: true });
    expect(cloud.sent('neutron')[0]?.headers['x-auth-token']).toBe('tok-1');
    expect(cloud.sent('neutron')[0]?.headers['openstack-api-version']).toBeUndefined();
  });

  it('finds by id, by name, and refuses an ambiguous name listing the candidates', async () => {
    expect((await os.network.findNetwork(A))?.name).toBe('private');
    expect((await os.network.findNetwork('public'))?.id).toBe(B);
    expect(await os.network.findNetwork('9c5c2e7a-9999-4a8e-9e63-0d8b58a2b1a9')).toBeUndefined();
    const err = await os.network.findNetwork('dup').catch((e: unknown) => e);
    expect(isOpenStackError(err, 'AMBIGUOUS_NAME')).toBe(true);
    expect((err as { details: { candidates: string[] } }).details.candidates).toEqual([
      '9c5c2e7a-3333-4a8e-9e63-0d8b58a2b1a3',
      '9c5c2e7a-4444-4a8e-9e63-0d8b58a2b1a4',
    ]);
    expect(
      cloud
        .sent('neutron')
        .filter((r) => r.query['name'])
        .map((r) => r.query['name']),
    ).toEqual(['public', '9c5c2e7a-9999-4a8e-9e63-0d8b58a2b1a9', 'dup']);
  });
});
