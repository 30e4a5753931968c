import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { createOpenStack, isOpenStackError } from '../../../src/clients/openstack/index.js';
import { PROJECT_ID, USER_ID } from './cloud-docs.js';
import { FixtureCloud } from './fixture-cloud.js';

let cloud: FixtureCloud;
beforeEach(async () => {
  cloud = await FixtureCloud.start();
});
afterEach(async () => {
  cloud.assertWellFormed();
  await cloud.close();
});

const authBodies = () => cloud.sent('keystone', 'POST').map((r) => r.body);

describe('Keystone v3 authentication', () => {
  it('sends a password by user name and domain, scoped to a project by name', async () => {
    const os = createOpenStack(cloud.options());
    const token = await os.session.authenticate();
    expect(authBodies()).toEqual([
      {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'admin', domain: { name: 'Default' }, password: 'secret-pw' } },
          },
          scope: { project: { name: 'admin', domain: { name: 'Default' } } },
        },
      },
    ]);
    expect(cloud.sent('keystone')[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(os.session.projectId).toBe(PROJECT_ID);
    expect(os.session.userId).toBe(USER_ID);
    expect(os.session.roles).toEqual(expect.arrayContaining(['admin', 'member', 'reader']));
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await os.session.token()).toBe('tok-1');
    // Neither the password nor the token shows when the connection object is logged or inspected.
    const shown = inspect(os, { depth: 10, showHidden: true }) + JSON.stringify(os);
    expect(shown).not.toMatch(/secret-pw|tok-1/);
  });

  it('sends a password by user id, scoped to a project by id', async () => {
    const os = createOpenStack(
      cloud.options({ auth: { type: 'password', userId: USER_ID, password: 'pw' }, project: { id: PROJECT_ID } }),
    );
    await os.session.authenticate();
    expect(authBodies()).toEqual([
      {
        auth: {
          identity: { methods: ['password'], password: { user: { id: USER_ID, password: 'pw' } } },
          scope: { project: { id: PROJECT_ID } },
        },
      },
    ]);
  });

  it('sends an application credential by id, with no scope (the credential carries its own)', async () => {
    const auth = {
      type: 'application_credential' as const,
      id: '423f19a4ac1e4f48bbb4180756e6eb6c',
      secret: 'rEaqvJka48mpv',
    };
    await createOpenStack(cloud.options({ auth, project: undefined })).session.authenticate();
    expect(authBodies()).toEqual([
      {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { id: '423f19a4ac1e4f48bbb4180756e6eb6c', secret: 'rEaqvJka48mpv' },
          },
        },
      },
    ]);
  });

  it('sends an application credential by name with its owner', async () => {
    const auth = {
      type: 'application_credential' as const,
      name: 'mon',
      secret: 's',
      username: 'u',
      userDomainName: 'Default',
    };
    await createOpenStack(cloud.options({ auth })).session.authenticate();
    expect(authBodies()).toEqual([
      {
        auth: {
          identity: {
            methods: ['application_credential'],
            application_credential: { secret: 's', name: 'mon', user: { name: 'u', domain: { name: 'Default' } } },
          },
        },
      },
    ]);
  });

  it('refuses incomplete credentials before any request, saying what to set', () => {
    const opts = cloud.options({ auth: { type: 'password', username: 'admin', password: 'x' } });
    expect(() => createOpenStack(opts)).toThrow(/userDomainName or auth.userDomainId/);
    expect(cloud.requests).toEqual([]);
  });

  it('discovers v3 when the auth URL has no version (Keystone root answers 300)', async () => {
    const os = createOpenStack(cloud.options({ authUrl: cloud.urls.keystone }));
    await os.session.authenticate();
    expect(cloud.sent('keystone').map((r) => `${r.method} ${r.path}`)).toEqual(['GET /', 'POST /v3/auth/tokens']);
  });

  it('turns a wrong password into an ApiError that shows neither the password nor a token', async () => {
    const os = createOpenStack(
      cloud.options({ auth: { type: 'password', username: 'admin', password: 'wrong', userDomainName: 'Default' } }),
    );
    const err = await os.session.authenticate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(401);
    expect(e.service).toBe('keystone');
    expect(e.serviceMessage).toBe('The request you have made requires authentication.');
    expect(inspect(e, { depth: 20, showHidden: true })).not.toContain('wrong');
  });
});

describe('token lifetime', () => {
  it('re-authenticates once on a 401 and replays the request, a POST included', async () => {
    const os = createOpenStack(cloud.options());
    cloud.on('cinder', 'GET', `/v3/${PROJECT_ID}/types`, { status: 200, body: { volume_types: [] } });
    cloud.on('cinder', 'POST', `/v3/${PROJECT_ID}/volumes/v1/action`, { status: 202 });
    await os.volume.listVolumeTypes();
    cloud.validTokens.delete('tok-1');
    await os.volume.setReadonly('v1', true);
    const actions = cloud.sent('cinder', 'POST');
    expect(actions.map((r) => r.headers['x-auth-token'])).toEqual(['tok-1', 'tok-2']);
    expect(actions[1]?.body).toEqual({ 'os-update_readonly_flag': { readonly: true } });
    expect(cloud.tokensIssued).toBe(2);
  });

  it('gives up with an ApiError 401 when the new token is refused too, and the error carries no token', async () => {
    const os = createOpenStack(cloud.options());
    cloud.on('glance', 'GET', '/v2/images/x', (req) => {
      cloud.validTokens.delete(String(req.headers['x-auth-token']));
      return { status: 401, body: { code: '401 Unauthorized', message: 'nope<br /><br />', title: 'Unauthorized' } };
    });
    const err = await os.image.getImage('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).serviceMessage).toBe('nope');
    expect(cloud.sent('glance').map((r) => r.headers['x-auth-token'])).toEqual(['tok-1', 'tok-2']);
    expect(cloud.tokensIssued).toBe(2);
    const shown = inspect(err, { depth: 20, showHidden: true }) + JSON.stringify(err);
    expect(shown).not.toMatch(/tok-\d/);
  });

  it('re-authenticates before a call when the token is about to expire', async () => {
    cloud.tokenTtlMs = 30_000; // inside the refresh margin
    const os = createOpenStack(cloud.options());
    cloud.on('neutron', 'GET', '/v2.0/networks', { status: 200, body: { networks: [] } });
    await os.session.authenticate();
    for await (const _ of os.network.listNetworks()) expect.unreachable();
    expect(cloud.sent('neutron')[0]?.headers['x-auth-token']).toBe('tok-2');
    expect(cloud.requests.every((r) => r.path !== '/v2.0/networks' || r.headers['x-auth-token'] === 'tok-2')).toBe(
      true,
    );
  });

  it('shares one authentication between concurrent first calls', async () => {
    const os = createOpenStack(cloud.options());
    await Promise.all([os.session.token(), os.session.token(), os.session.authenticate()]);
    expect(cloud.tokensIssued).toBe(1);
  });
});

describe('catalog and versions', () => {
  it('finds each endpoint by type and adds the API version the catalog URL lacks', async () => {
    const s = createOpenStack(cloud.options()).session;
    expect(await s.endpoint('glance')).toBe(`${cloud.urls.glance}/v2`);
    expect(await s.endpoint('neutron')).toBe(`${cloud.urls.neutron}/v2.0`);
    expect(await s.endpoint('nova')).toBe(`${cloud.urls.nova}/v2.1`);
    expect(await s.endpoint('cinder')).toBe(`${cloud.urls.cinder}/v3/${PROJECT_ID}`);
    expect(await s.endpoint('keystone')).toBe(`${cloud.urls.keystone}/v3`);
  });

  it('uses an endpoint override as is, versioned like a catalog URL', async () => {
    const s = createOpenStack(cloud.options({ endpointOverride: { image: 'http://127.0.0.1:1/image' } })).session;
    expect(await s.endpoint('glance')).toBe('http://127.0.0.1:1/image/v2');
  });

  it('says which endpoints exist when none matches the region', async () => {
    const s = createOpenStack(cloud.options({ regionName: 'Nowhere' })).session;
    const err = await s.endpoint('glance').catch((e: unknown) => e);
    expect(isOpenStackError(err, 'ENDPOINT_NOT_FOUND')).toBe(true);
    expect((err as Error).message).toMatch(/image\/public\/RegionOne/);
  });

  it('negotiates microversions: min(wanted, the cloud max)', async () => {
    const s = createOpenStack(cloud.options()).session;
    expect(await s.microversion('cinder')).toBe('3.60');
    expect(await s.microversion('nova')).toBe('2.79');
    expect(await s.microversion('glance')).toBeUndefined();
    cloud.on('cinder', 'GET', '/', {
      status: 300,
      body: { versions: [{ id: 'v3.0', version: '3.50', min_version: '3.0' }] },
    });
    expect(await createOpenStack(cloud.options()).session.microversion('cinder')).toBe('3.50');
  });
});
