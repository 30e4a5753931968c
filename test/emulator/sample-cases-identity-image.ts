import { call, field, passwordAuth } from './client.js';
import { id } from './fixture-run.js';
import { type SampleCase, withValues } from './sample-run.js';

const NO_DESCRIPTION = 'a store description shows only when the operator configured one; the real Zed cloud has none';

export const identitySamples: SampleCase[] = [
  {
    sample: 'identity/auth-application-credential-response.json',
    request: 'identity/auth-application-credential-id-request.json',
    real: 'identity/auth-tokens-password-project.json',
    status: 201,
    run: (r, req) =>
      call(r.emu, 'POST', '/identity/v3/auth/tokens', {
        body: withValues(req, {
          'auth.identity.application_credential.id': r.emu.appCredential.id,
          'auth.identity.application_credential.secret': r.emu.appCredential.secret,
        }),
      }),
  },
  {
    sample: 'identity/auth-password-project-scoped-response.json',
    real: 'identity/auth-tokens-password-project.json',
    status: 201,
    run: (r) =>
      call(r.emu, 'POST', '/identity/v3/auth/tokens', {
        body: passwordAuth('admin', r.emu.users.admin.password, 'admin'),
      }),
  },
  {
    sample: 'identity/identity-version-response.json',
    real: 'identity/version-v3.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/identity/v3'),
  },
  {
    sample: 'identity/identity-versions-response.json',
    real: 'identity/version-root.json',
    status: 300,
    run: (r) => call(r.emu, 'GET', '/identity/'),
  },
];

export const imageSamples: SampleCase[] = [
  {
    sample: 'image/image-create-response.json',
    request: 'image/image-create-request.json',
    real: 'image/image-create-queued.json',
    status: 201,
    async run(r, req) {
      const reply = await call(r.emu, 'POST', '/image/v2/images', { token: r.admin, body: req });
      r.ids['sampleImage'] = field(reply, 'id') as string;
      return reply;
    },
  },
  {
    sample: 'image/image-info-import-response.json',
    real: 'image/info-import.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', '/image/v2/info/import', { token: r.admin }),
  },
  {
    sample: 'image/image-show-response.json',
    real: 'image/image-show-cinder-store-raw.json',
    status: 200,
    run: (r) => call(r.emu, 'GET', `/image/v2/images/${id(r, 'cirros')}`, { token: r.admin }),
  },
  {
    sample: 'image/images-list-response.json',
    real: 'image/images-list-limit1.json',
    status: 200,
    // Only active images: a queued one (made by an earlier case) legitimately has null sizes and hashes.
    run: (r) => call(r.emu, 'GET', '/image/v2/images?status=active', { token: r.admin }),
  },
  {
    sample: 'image/stores-list-detail-response.json',
    status: 200,
    freeForm: ['stores[].properties'],
    notServed: { 'stores[].description': NO_DESCRIPTION },
    run: (r) => call(r.emu, 'GET', '/image/v2/info/stores/detail', { token: r.admin }),
  },
  {
    sample: 'image/stores-list-response.json',
    real: 'image/info-stores.json',
    status: 200,
    notServed: { 'stores[].description': NO_DESCRIPTION },
    run: (r) => call(r.emu, 'GET', '/image/v2/info/stores', { token: r.admin }),
  },
  {
    sample: 'image/versions-response.json',
    real: 'image/versions.json',
    status: 300,
    run: (r) => call(r.emu, 'GET', '/image/'),
  },
];
