import { call, field } from './client.js';
import { type FixtureCase, id } from './fixture-run.js';
import {
  bootFromVolume,
  CINDER_360,
  createVolumeFromImage,
  NOVA_279,
  serverStatuses,
  volumePath,
  volumeStatuses,
} from './scenario.js';

const NOWHERE = '00000000-0000-0000-0000-000000000000';

export const volumeCases: FixtureCase[] = [
  { fixture: 'volume/versions.json', status: 300, run: (r) => call(r.emu, 'GET', '/volume/') },
  {
    fixture: 'volume/os-services.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', `/volume/v3/${r.emu.users.admin.projectId}/os-services`, { token: r.admin }),
  },
  {
    fixture: 'volume/types.json',
    status: 200,
    freeForm: ['volume_types[].extra_specs'],
    run: (r) => call(r.emu, 'GET', `/volume/v3/${r.emu.users.admin.projectId}/types`, { token: r.admin }),
  },
  {
    fixture: 'volume/volumes-detail-all-tenants-mv3.60.json',
    status: 200,
    run: (r) =>
      call(r.emu, 'GET', `${volumePath(r.emu)}/detail?all_tenants=1`, { token: r.admin, headers: CINDER_360 }),
  },
  {
    fixture: 'volume/volume-show-image-volume-mv3.60.json',
    status: 200,
    run: (r) =>
      call(r.emu, 'GET', `${volumePath(r.emu)}/${id(r, 'imageVolume')}`, { token: r.admin, headers: CINDER_360 }),
  },
  {
    fixture: 'volume/volume-create-400.json',
    status: 400,
    run: (r) => call(r.emu, 'POST', volumePath(r.emu), { token: r.admin, body: { volume: { size: -1, name: 'bad' } } }),
  },
  {
    fixture: 'volume/volume-create-from-image-mv3.60.json',
    status: 202,
    async run(r) {
      const reply = await createVolumeFromImage(r.emu, r.admin, id(r, 'raw'), 1, 'cap-clone');
      r.ids['clone'] = field(reply, 'volume', 'id') as string;
      return reply;
    },
  },
  {
    fixture: 'volume/volume-show-from-image-mv3.60.json',
    status: 200,
    async run(r) {
      await volumeStatuses(r.emu, r.admin, id(r, 'clone'), 'available');
      return call(r.emu, 'GET', `${volumePath(r.emu)}/${id(r, 'clone')}`, { token: r.admin, headers: CINDER_360 });
    },
  },
  {
    fixture: 'volume/volume-show-404.json',
    status: 404,
    run: (r) => call(r.emu, 'GET', `${volumePath(r.emu)}/${NOWHERE}`, { token: r.admin }),
  },
];

export const computeCases: FixtureCase[] = [
  { fixture: 'compute/versions.json', status: 200, run: (r) => call(r.emu, 'GET', '/compute/') },
  {
    fixture: 'compute/flavors-detail.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/compute/v2.1/flavors/detail', { token: r.admin }),
  },
  {
    fixture: 'compute/os-services.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/compute/v2.1/os-services', { token: r.admin }),
  },
  {
    fixture: 'compute/server-create-400-bad-flavor.json',
    status: 400,
    run: (r) => bootFromVolume(r.emu, r.admin, id(r, 'clone'), { flavorRef: 'no-such-flavor' }),
  },
  {
    fixture: 'compute/server-create-boot-from-volume-mv2.79.json',
    status: 202,
    async run(r) {
      const reply = await bootFromVolume(r.emu, r.admin, id(r, 'clone'));
      r.ids['server'] = field(reply, 'server', 'id') as string;
      return reply;
    },
  },
  {
    fixture: 'compute/server-show-boot-from-volume-mv2.79.json',
    status: 200,
    async run(r) {
      await serverStatuses(r.emu, r.admin, id(r, 'server'));
      return call(r.emu, 'GET', `/compute/v2.1/servers/${id(r, 'server')}`, { token: r.admin, headers: NOVA_279 });
    },
  },
  {
    fixture: 'volume/volume-show-in-use-mv3.60.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', `${volumePath(r.emu)}/${id(r, 'clone')}`, { token: r.admin, headers: CINDER_360 }),
  },
  {
    fixture: 'compute/server-show-404.json',
    status: 404,
    run: (r) => call(r.emu, 'GET', `/compute/v2.1/servers/${NOWHERE}`, { token: r.admin }),
  },
];
