import { call, field } from './client.js';
import { id } from './fixture-run.js';
import { type SampleCase, withValues } from './sample-run.js';
import { createVolumeFromImage, serverStatuses, volumePath, volumeStatuses } from './scenario.js';

const CINDER_365 = { 'OpenStack-API-Version': 'volume 3.65' };

export const volumeSamples: SampleCase[] = [
  {
    sample: 'volume/services-list-response.json',
    real: 'volume/os-services.json',
    status: 200,
    run: (r) =>
      call(r.emu, 'GET', `/volume/v3/${r.emu.users.admin.projectId}/os-services`, {
        token: r.admin,
        headers: { 'OpenStack-API-Version': 'volume 3.70' },
      }),
  },
  {
    sample: 'volume/versions-response.json',
    real: 'volume/versions.json',
    status: 300,
    run: (r) => call(r.emu, 'GET', '/volume/'),
  },
  {
    sample: 'volume/volume-create-response.json',
    request: 'volume/volume-create-request.json',
    real: 'volume/volume-create-from-image-mv3.60.json',
    status: 202,
    run: (r, req) => call(r.emu, 'POST', volumePath(r.emu), { token: r.admin, headers: CINDER_365, body: req }),
  },
  {
    sample: 'volume/volume-show-response.json',
    real: 'volume/volume-show-from-image-mv3.60.json',
    status: 200,
    freeForm: ['volume.volume_image_metadata'],
    async run(r) {
      const created = await createVolumeFromImage(r.emu, r.admin, id(r, 'cirros'), 1);
      const volId = field(created, 'volume', 'id') as string;
      await volumeStatuses(r.emu, r.admin, volId, 'available');
      return call(r.emu, 'GET', `${volumePath(r.emu)}/${volId}`, { token: r.admin, headers: CINDER_365 });
    },
  },
  {
    sample: 'volume/volume-types-list-response.json',
    real: 'volume/types.json',
    status: 200,
    freeForm: ['volume_types[].extra_specs'],
    run: (r) => call(r.emu, 'GET', `/volume/v3/${r.emu.users.admin.projectId}/types`, { token: r.admin }),
  },
  {
    sample: 'volume/volumes-list-detailed-response.json',
    real: 'volume/volumes-detail-all-tenants-mv3.60.json',
    status: 200,
    freeForm: ['volumes[].volume_image_metadata', 'volumes[].metadata'],
    run: (r) =>
      call(r.emu, 'GET', `${volumePath(r.emu)}/detail?all_tenants=1`, { token: r.admin, headers: CINDER_365 }),
  },
];

export const computeSamples: SampleCase[] = [
  {
    sample: 'compute/flavors-detail-resp.json',
    real: 'compute/flavors-detail.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/compute/v2.1/flavors/detail', { token: r.admin }),
  },
  {
    sample: 'compute/keypairs-list-resp.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/compute/v2.1/os-keypairs', { token: r.admin }),
  },
  {
    sample: 'compute/server-create-resp.json',
    request: 'compute/server-create-req-bdm-v2.json',
    real: 'compute/server-create-boot-from-volume-mv2.79.json',
    status: 202,
    async run(r, req) {
      const body = withValues(req, {
        'server.networks.[0].uuid': id(r, 'privateNet'),
        'server.block_device_mapping_v2.[0].uuid': id(r, 'cirros'),
        'server.block_device_mapping_v2.[0].volume_type': 'lightbits',
      });
      const reply = await call(r.emu, 'POST', '/compute/v2.1/servers', {
        token: r.member,
        headers: { 'OpenStack-API-Version': 'compute 2.79' },
        body,
      });
      r.ids['memberServer'] = field(reply, 'server', 'id') as string;
      return reply;
    },
  },
  {
    sample: 'compute/server-get-resp.json',
    real: 'compute/server-show-boot-from-volume-mv2.79.json',
    status: 200,
    freeForm: ['server.metadata'],
    async run(r) {
      await serverStatuses(r.emu, r.member, id(r, 'memberServer'));
      return call(r.emu, 'GET', `/compute/v2.1/servers/${id(r, 'memberServer')}`, {
        token: r.member,
        headers: { 'OpenStack-API-Version': 'compute 2.93' },
      });
    },
  },
  {
    sample: 'compute/services-list-get-resp.json',
    real: 'compute/os-services.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/compute/v2.1/os-services', { token: r.admin }),
  },
  {
    sample: 'compute/versions-get-resp.json',
    real: 'compute/versions.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/compute/'),
  },
];
