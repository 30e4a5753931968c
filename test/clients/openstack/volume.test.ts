import { describe, expect, it } from 'vitest';
import { collect, isOpenStackError, type OpenStack, waitFor } from '../../../src/clients/openstack/index.js';
import { hasShared, SKIP_REASON } from '../../helpers/shared.js';
import { PROJECT_ID } from './cloud-docs.js';
import { type FixtureCloud, useFixtureCloud } from './fixture-cloud.js';

const V = `/v3/${PROJECT_ID}`;
const CLONE_ID = '05d93904-71cc-419a-a65f-61cab4d5468c';
const IMAGE_VOLUME_ID = 'cd820704-8625-49b6-9733-e4a0df23ebf2';
const IMAGE_ID = '845422ce-552d-4495-bdfa-757bebc53256';

let cloud: FixtureCloud;
let os: OpenStack;
useFixtureCloud((c, o) => {
  cloud = c;
  os = o;
});

// Serves the real Zed cloud's captured Cinder responses; SKIP_REASON says when ../shared is absent.
describe.skipIf(!hasShared)(`Cinder v3 against captured responses (${SKIP_REASON})`, () => {
  it('creates a volume from an image with imageRef and volume_type, at microversion 3.60', async () => {
    cloud.onCaptured('cinder', 'POST', `${V}/volumes`, 'volume/volume-create-from-image-mv3.60.json');
    const v = await os.volume.createVolume({ size: 1, name: 'cap-clone', imageRef: IMAGE_ID, volumeType: 'lightbits' });
    const req = cloud.sent('cinder', 'POST')[0]!;
    expect(req.body).toEqual({ volume: { size: 1, name: 'cap-clone', imageRef: IMAGE_ID, volume_type: 'lightbits' } });
    expect(req.headers['openstack-api-version']).toBe('volume 3.60');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-auth-token']).toBe('tok-1');
    expect(cloud.sent('cinder', 'GET').map((r) => r.path)).toEqual(['/']); // version discovery, once
    expect(v).toMatchObject({
      id: CLONE_ID,
      status: 'creating',
      bootable: false,
      readonly: false,
      volumeType: 'lightbits',
    });
  });

  it('reads the Cinder store image volume: read-only, host, owner project, metadata', async () => {
    cloud.onCaptured('cinder', 'GET', `${V}/volumes/${IMAGE_VOLUME_ID}`, 'volume/volume-show-image-volume-mv3.60.json');
    const v = await os.volume.getVolume(IMAGE_VOLUME_ID);
    expect(v).toMatchObject({
      name: `image-${IMAGE_ID}`,
      readonly: true,
      bootable: false,
      host: 'osbox@lightbits#lightbits',
      tenantId: '25b42c3f0a564446aff8ec5e7a26be7a',
      metadata: { glance_image_id: IMAGE_ID, image_size: '3145728', readonly: 'True' },
    });
    expect(v.imageMetadata).toBeUndefined();
  });

  it('lists all tenants with name, status and metadata filters', async () => {
    cloud.onCaptured('cinder', 'GET', `${V}/volumes/detail`, 'volume/volumes-detail-all-tenants-mv3.60.json');
    const vols = await collect(
      os.volume.listVolumes({
        allTenants: true,
        name: 'n',
        status: 'available',
        metadata: { glance_image_id: IMAGE_ID },
      }),
    );
    expect(cloud.sent('cinder', 'GET').at(-1)?.query).toEqual({
      all_tenants: '1',
      name: 'n',
      status: 'available',
      metadata: `{'glance_image_id': '${IMAGE_ID}'}`,
    });
    expect(vols.map((v) => [v.name, v.bootable, v.readonly])).toEqual([
      [`image-${IMAGE_ID}`, false, true],
      ['qvol', true, false],
      ['image-5c117caa-c3d5-43ee-9832-963a74fab4aa', false, true],
    ]);
    expect(vols[1]?.imageMetadata).toMatchObject({ disk_format: 'qcow2', min_disk: '0', signature_verified: 'False' });
  });

  it('follows volumes_links across three pages, using only the link query against its own endpoint', async () => {
    const all = cloud.capturedReply('volume/volumes-detail-all-tenants-mv3.60.json').body as {
      volumes: { id: string }[];
    };
    // Links as Cinder builds them from its public URL, here deliberately unreachable.
    const link = (marker: string) => [
      { href: `http://cinder.invalid:8776${V}/volumes/detail?limit=1&marker=${marker}`, rel: 'next' },
    ];
    cloud.on('cinder', 'GET', `${V}/volumes/detail`, (req) => {
      const i = req.query['marker'] ? all.volumes.findIndex((v) => v.id === req.query['marker']) + 1 : 0;
      const vol = all.volumes[i]!;
      return { status: 200, body: { volumes: [vol], ...(i < 2 ? { volumes_links: link(vol.id) } : {}) } };
    });
    const ids = (await collect(os.volume.listVolumes({ limit: 1 }))).map((v) => v.id);
    expect(ids).toEqual(all.volumes.map((v) => v.id));
    expect(
      cloud
        .sent('cinder', 'GET')
        .slice(1)
        .map((r) => r.query['marker']),
    ).toEqual([undefined, ids[0], ids[1]]);
  });

  it('sets the read-only flag with os-update_readonly_flag', async () => {
    cloud.on('cinder', 'POST', `${V}/volumes/${CLONE_ID}/action`, { status: 202 });
    await os.volume.setReadonly(CLONE_ID, true);
    await os.volume.setReadonly(CLONE_ID, false);
    expect(cloud.sent('cinder', 'POST').map((r) => r.body)).toEqual([
      { 'os-update_readonly_flag': { readonly: true } },
      { 'os-update_readonly_flag': { readonly: false } },
    ]);
  });

  it('lists types, their extra specs and the volume services', async () => {
    cloud.onCaptured('cinder', 'GET', `${V}/types`, 'volume/types.json');
    cloud.onCaptured('cinder', 'GET', `${V}/os-services`, 'volume/os-services.json');
    const typeId = 'c76c8622-012b-4a28-a1fb-353b23342a0a';
    cloud.on('cinder', 'GET', `${V}/types/${typeId}/extra_specs`, {
      status: 200,
      body: { extra_specs: { volume_backend_name: 'lightbits', 'lightos:num_replicas': '3' } },
    });
    const types = await os.volume.listVolumeTypes();
    expect(types.map((t) => [t.name, t.extraSpecs?.['volume_backend_name']])).toEqual([
      ['lightbits', 'lightbits'],
      ['__DEFAULT__', undefined],
    ]);
    expect(await os.volume.getVolumeTypeExtraSpecs(typeId)).toEqual({
      volume_backend_name: 'lightbits',
      'lightos:num_replicas': '3',
    });
    const services = await os.volume.listServices();
    expect(services[0]).toMatchObject({ binary: 'cinder-volume', host: 'osbox@lightbits', state: 'up', frozen: false });
  });

  it('finds by name (ambiguous → error with ids) and deletes', async () => {
    cloud.onCaptured('cinder', 'GET', `${V}/volumes/detail`, 'volume/volumes-detail-all-tenants-mv3.60.json');
    cloud.on('cinder', 'DELETE', `${V}/volumes/${CLONE_ID}`, { status: 202 });
    expect((await os.volume.findVolume('qvol', { allTenants: true }))?.id).toBe('f06c4eed-b2c3-40ad-88d5-4c8c14a6b369');
    cloud.on('cinder', 'GET', `${V}/volumes/detail`, (req) => {
      const body = cloud.capturedReply('volume/volumes-detail-all-tenants-mv3.60.json').body as {
        volumes: { name: string }[];
      };
      for (const v of body.volumes) v.name = String(req.query['name']);
      return { status: 200, body };
    });
    const err = await os.volume.findVolume('dup').catch((e: unknown) => e);
    expect(isOpenStackError(err, 'AMBIGUOUS_NAME')).toBe(true);
    expect((err as Error).message).toContain('f06c4eed-b2c3-40ad-88d5-4c8c14a6b369');
    await os.volume.deleteVolume(CLONE_ID);
    expect(cloud.sent('cinder', 'DELETE')[0]?.headers['openstack-api-version']).toBe('volume 3.60');
  });

  it('waits through creating → downloading → available and reports the statuses seen', async () => {
    const seq = ['creating', 'downloading', 'downloading', 'available'];
    cloud.on('cinder', 'GET', `${V}/volumes/${CLONE_ID}`, () => {
      const reply = cloud.capturedReply('volume/volume-show-from-image-mv3.60.json');
      (reply.body as { volume: { status: string } }).volume.status = seq.shift() ?? 'available';
      return reply;
    });
    const result = await waitFor(() => os.volume.getVolume(CLONE_ID), {
      status: (v) => v.status,
      target: ['available'],
      failures: ['error'],
      timeoutMs: 10_000,
      intervalMs: 1,
    });
    expect(result.statuses).toEqual(['creating', 'downloading', 'available']);
    expect(result.resource.bootable).toBe(true);
  });
});
