import { call, field, passwordAuth, rawBytes } from './client.js';
import { type FixtureCase, id } from './fixture-run.js';
import { uploadImage } from './scenario.js';

const MiB = 1024 * 1024;

export const identityCases: FixtureCase[] = [
  { fixture: 'identity/version-root.json', status: 300, run: (r) => call(r.emu, 'GET', '/identity/') },
  { fixture: 'identity/version-v3.json', status: 200, run: (r) => call(r.emu, 'GET', '/identity/v3') },
  {
    fixture: 'identity/auth-tokens-password-project.json',
    status: 201,
    run: (r) =>
      call(r.emu, 'POST', '/identity/v3/auth/tokens', {
        body: passwordAuth('admin', r.emu.users.admin.password, 'admin'),
      }),
  },
  {
    fixture: 'identity/auth-tokens-wrong-password.json',
    status: 401,
    run: (r) => call(r.emu, 'POST', '/identity/v3/auth/tokens', { body: passwordAuth('admin', 'wrong', 'admin') }),
  },
];

export const imageCases: FixtureCase[] = [
  { fixture: 'image/versions.json', status: 300, run: (r) => call(r.emu, 'GET', '/image/') },
  {
    fixture: 'image/info-stores.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/image/v2/info/stores', { token: r.admin }),
  },
  {
    fixture: 'image/info-import.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/image/v2/info/import', { token: r.admin }),
  },
  {
    fixture: 'image/image-create-queued.json',
    status: 201,
    async run(r) {
      const reply = await call(r.emu, 'POST', '/image/v2/images', {
        token: r.admin,
        body: { name: 'cap-raw', disk_format: 'raw', container_format: 'bare' },
      });
      r.ids['raw'] = field(reply, 'id') as string;
      return reply;
    },
  },
  {
    fixture: 'image/image-create-400-bad-format.json',
    status: 400,
    run: (r) =>
      call(r.emu, 'POST', '/image/v2/images', {
        token: r.admin,
        body: { name: 'bad', disk_format: 'nope', container_format: 'bare' },
      }),
  },
  {
    fixture: 'image/image-upload-put-file.json',
    status: 204,
    run: (r) =>
      call(r.emu, 'PUT', `/image/v2/images/${id(r, 'raw')}/file`, {
        token: r.admin,
        raw: rawBytes(3 * MiB),
        headers: { 'Content-Type': 'application/octet-stream' },
      }),
  },
  {
    fixture: 'image/image-show-cinder-store-raw.json',
    status: 200,
    async run(r) {
      const reply = await call(r.emu, 'GET', `/image/v2/images/${id(r, 'raw')}`, { token: r.admin });
      r.ids['imageVolume'] = String(field(reply, 'direct_url')).split('/').pop() ?? '';
      return reply;
    },
  },
  {
    fixture: 'image/image-upload-409-active.json',
    status: 409,
    run: (r) =>
      call(r.emu, 'PUT', `/image/v2/images/${id(r, 'raw')}/file`, {
        token: r.admin,
        raw: rawBytes(MiB),
        headers: { 'Content-Type': 'application/octet-stream' },
      }),
  },
  {
    fixture: 'image/image-show-file-store.json',
    status: 200,
    async run(r) {
      const imageId = await uploadImage(r.emu, r.admin, { name: 'cap-file', bytes: rawBytes(3 * MiB), store: 'file' });
      return call(r.emu, 'GET', `/image/v2/images/${imageId}`, { token: r.admin });
    },
  },
  {
    fixture: 'image/images-list-limit1.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/image/v2/images?limit=1', { token: r.admin }),
  },
  {
    fixture: 'image/image-show-404.json',
    status: 404,
    run: (r) => call(r.emu, 'GET', '/image/v2/images/00000000-0000-0000-0000-000000000000', { token: r.admin }),
  },
  {
    fixture: 'image/images-list-bad-token.json',
    status: 401,
    run: (r) => call(r.emu, 'GET', '/image/v2/images', { token: 'not-a-token' }),
  },
];
