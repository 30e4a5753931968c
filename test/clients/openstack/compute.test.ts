import { describe, expect, it } from 'vitest';
import { collect, isOpenStackError, type OpenStack, waitFor } from '../../../src/clients/openstack/index.js';
import { hasShared, SKIP_REASON } from '../../helpers/shared.js';
import { type FixtureCloud, useFixtureCloud } from './fixture-cloud.js';
import { readJson, UPSTREAM_DIR } from './real-fixtures.js';

const SERVER_ID = 'bc56ba5d-c787-41da-b3a9-d4cff6c0c18b';
const VOLUME_ID = '05d93904-71cc-419a-a65f-61cab4d5468c';

let cloud: FixtureCloud;
let os: OpenStack;
useFixtureCloud((c, o) => {
  cloud = c;
  os = o;
});

// Serves the real Zed cloud's captured Nova responses; SKIP_REASON says when ../shared is absent.
describe.skipIf(!hasShared)(`Nova v2.1 against captured responses (${SKIP_REASON})`, () => {
  it('boots from a volume: block_device_mapping_v2, no imageRef, networks none, microversion 2.79', async () => {
    cloud.onCaptured('nova', 'POST', '/v2.1/servers', 'compute/server-create-boot-from-volume-mv2.79.json');
    const created = await os.compute.createServer({
      name: 'cap-vm',
      flavorRef: '1',
      bootVolumeId: VOLUME_ID,
      networks: 'none',
    });
    const req = cloud.sent('nova', 'POST')[0]!;
    expect(req.headers['openstack-api-version']).toBe('compute 2.79');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({
      server: {
        name: 'cap-vm',
        flavorRef: '1',
        block_device_mapping_v2: [
          {
            boot_index: 0,
            uuid: VOLUME_ID,
            source_type: 'volume',
            destination_type: 'volume',
            delete_on_termination: false,
          },
        ],
        networks: 'none',
      },
    });
    expect(JSON.stringify(req.body)).not.toContain('imageRef');
    expect(created).toEqual({ id: SERVER_ID }); // adminPass is dropped
  });

  it('sends network uuids, a key name and delete_on_termination', async () => {
    cloud.onCaptured('nova', 'POST', '/v2.1/servers', 'compute/server-create-boot-from-volume-mv2.79.json');
    await os.compute.createServer({
      name: 'vm',
      flavorRef: '1',
      bootVolumeId: VOLUME_ID,
      networks: [{ uuid: 'net-1' }],
      keyName: 'k',
      deleteOnTermination: true,
    });
    const server = (cloud.sent('nova', 'POST')[0]!.body as { server: Record<string, unknown> }).server;
    expect(server['networks']).toEqual([{ uuid: 'net-1' }]);
    expect(server['key_name']).toBe('k');
    expect(server['block_device_mapping_v2']).toEqual([expect.objectContaining({ delete_on_termination: true })]);
  });

  it('on a Nova older than 2.37, refuses networks "none" before sending and uses the cloud max elsewhere', async () => {
    cloud.on('nova', 'GET', '/', {
      status: 200,
      body: { versions: [{ id: 'v2.1', version: '2.30', min_version: '2.1' }] },
    });
    cloud.onCaptured('nova', 'GET', '/v2.1/os-services', 'compute/os-services.json');
    const err = await os.compute
      .createServer({ name: 'vm', flavorRef: '1', bootVolumeId: VOLUME_ID, networks: 'none' })
      .catch((e: unknown) => e);
    expect(isOpenStackError(err, 'MICROVERSION_UNSUPPORTED')).toBe(true);
    expect((err as Error).message).toMatch(/≥ 2\.37.*at most 2\.30/);
    expect(cloud.sent('nova', 'POST')).toEqual([]);
    await os.compute.listServices();
    expect(cloud.sent('nova', 'GET').at(-1)?.headers['openstack-api-version']).toBe('compute 2.30');
  });

  it('reads a server booted from a volume: image "" → no imageId, attached volume, embedded flavor', async () => {
    cloud.onCaptured('nova', 'GET', `/v2.1/servers/${SERVER_ID}`, 'compute/server-show-boot-from-volume-mv2.79.json');
    const s = await os.compute.getServer(SERVER_ID);
    expect(s.imageId).toBeUndefined();
    expect(s).toMatchObject({
      status: 'ACTIVE',
      addresses: [],
      volumesAttached: [{ id: VOLUME_ID, deleteOnTermination: false }],
      host: 'osbox',
      vmState: 'active',
      powerState: 1,
    });
    expect(s.flavor?.name).toBe('f');
    expect(s.keyName).toBeUndefined();
  });

  it('flattens addresses of the upstream sample', async () => {
    const body = readJson(`${UPSTREAM_DIR}/compute/server-get-resp.json`);
    cloud.on('nova', 'GET', '/v2.1/servers/0e44cc9c-e052-415d-afbf-469b0d384170', { status: 200, body });
    const s = await os.compute.getServer('0e44cc9c-e052-415d-afbf-469b0d384170');
    expect(s.addresses).toEqual([
      { network: 'private', addr: '192.168.1.30', version: 4, type: 'fixed', mac: '00:0c:29:0d:11:74' },
    ]);
    expect(s.imageId).toBe('70a599e0-31e7-49b7-b260-868f441e862b');
  });

  it('names the fault when a server goes to ERROR while waiting', async () => {
    cloud.on('nova', 'GET', `/v2.1/servers/${SERVER_ID}`, () => {
      const reply = cloud.capturedReply('compute/server-show-boot-from-volume-mv2.79.json');
      const server = (reply.body as { server: Record<string, unknown> }).server;
      server['status'] = 'ERROR';
      server['fault'] = { code: 500, message: 'No valid host was found. ', created: '2026-11-24T10:51:08Z' };
      return reply;
    });
    const err = await waitFor(() => os.compute.getServer(SERVER_ID), {
      status: (s) => s.status,
      target: ['ACTIVE'],
      failures: ['ERROR'],
      timeoutMs: 5_000,
      intervalMs: 1,
      resource: `server ${SERVER_ID}`,
    }).catch((e: unknown) => e);
    expect(isOpenStackError(err, 'WAIT_FAILED')).toBe(true);
    expect((err as Error).message).toBe(
      `server ${SERVER_ID} went to ERROR (statuses: ERROR): No valid host was found. .`,
    );
  });

  it('lists and finds flavors by id, then by name', async () => {
    cloud.onCaptured('nova', 'GET', '/v2.1/flavors/detail', 'compute/flavors-detail.json');
    cloud.onCaptured('nova', 'GET', /^\/v2\.1\/flavors\/(f|nope)$/, 'compute/server-show-404.json');
    cloud.on('nova', 'GET', '/v2.1/flavors/1', () => {
      const list = cloud.capturedReply('compute/flavors-detail.json').body as { flavors: unknown[] };
      return { status: 200, body: { flavor: list.flavors[0] } };
    });
    expect(await collect(os.compute.listFlavors())).toEqual([
      expect.objectContaining({ id: '1', name: 'f', vcpus: 1, ramMb: 256, diskGb: 0, swapMb: 0, isPublic: true }),
    ]);
    expect((await os.compute.findFlavor('1'))?.name).toBe('f');
    expect((await os.compute.findFlavor('f'))?.id).toBe('1');
    expect(await os.compute.findFlavor('nope')).toBeUndefined();
  });

  it('lists keypairs, finds one by name (404 → undefined)', async () => {
    const body = readJson(`${UPSTREAM_DIR}/compute/keypairs-list-resp.json`) as { keypairs: { keypair: unknown }[] };
    cloud.on('nova', 'GET', '/v2.1/os-keypairs', { status: 200, body });
    cloud.on('nova', 'GET', '/v2.1/os-keypairs/mine', { status: 200, body: body.keypairs[0] });
    cloud.on('nova', 'GET', '/v2.1/os-keypairs/none', {
      status: 404,
      body: { itemNotFound: { code: 404, message: 'x' } },
    });
    expect((await os.compute.listKeypairs())[0]?.fingerprint).toBe('7e:eb:ab:24:ba:d1:e1:88:ae:9a:fb:66:53:df:d3:bd');
    expect((await os.compute.findKeypair('mine'))?.name).toMatch(/^keypair-/);
    expect(await os.compute.findKeypair('none')).toBeUndefined();
  });

  it('follows servers_links across three pages and deletes', async () => {
    const one = (cloud.capturedReply('compute/server-show-boot-from-volume-mv2.79.json').body as { server: object })
      .server;
    cloud.on('nova', 'GET', '/v2.1/servers/detail', (req) => {
      const page = Number(req.query['marker'] ?? 0) + 1;
      const links =
        page < 3
          ? [{ rel: 'next', href: `http://nova.invalid/v2.1/servers/detail?all_tenants=1&marker=${page}` }]
          : undefined;
      return { status: 200, body: { servers: [{ ...one, id: `s${page}` }], servers_links: links } };
    });
    cloud.on('nova', 'DELETE', '/v2.1/servers/s1', { status: 204 });
    const ids = (await collect(os.compute.listServers({ allTenants: true }))).map((s) => s.id);
    expect(ids).toEqual(['s1', 's2', 's3']);
    expect(
      cloud
        .sent('nova', 'GET')
        .slice(1)
        .map((r) => r.query),
    ).toEqual([{ all_tenants: '1' }, { all_tenants: '1', marker: '1' }, { all_tenants: '1', marker: '2' }]);
    await os.compute.deleteServer('s1');
    expect(cloud.sent('nova', 'DELETE')).toHaveLength(1);
  });
});
