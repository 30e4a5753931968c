import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

let s: Sandbox;
beforeEach(async () => {
  s = await sandbox();
});
afterEach(() => s.cleanup());

const OPENRC = {
  OS_AUTH_URL: 'http://10.0.0.5:5000/v3',
  OS_USERNAME: 'demo',
  OS_PASSWORD: 'env-password-1',
  OS_PROJECT_NAME: 'demo',
  OS_USER_DOMAIN_NAME: 'Default',
  OS_PROJECT_DOMAIN_ID: 'default',
};

describe('OpenStack from OS_* variables alone', () => {
  it('reads a classic openrc', async () => {
    const cfg = await s.load({ ...OPENRC, OS_REGION_NAME: 'RegionOne', OS_CACERT: '/etc/ssl/ca.pem' });
    expect(cfg.openstack).toEqual({
      authUrl: 'http://10.0.0.5:5000/v3',
      auth: { type: 'password', username: 'demo', password: 'env-password-1', userDomainName: 'Default' },
      project: { name: 'demo', domainId: 'default' },
      regionName: 'RegionOne',
      caFile: '/etc/ssl/ca.pem',
    });
  });

  it('maps the older spellings: OS_TENANT_NAME, OS_ENDPOINT_TYPE=internalURL, OS_DOMAIN_NAME for both domains', async () => {
    const cfg = await s.load({
      OS_AUTH_URL: 'http://k:5000/v3',
      OS_USER_ID: 'u-123',
      OS_PASSWORD: 'pw',
      OS_TENANT_NAME: 'legacy',
      OS_ENDPOINT_TYPE: 'internalURL',
      OS_DOMAIN_NAME: 'Corp',
      OS_COMPUTE_ENDPOINT_OVERRIDE: 'http://127.0.0.1:8774/v2.1',
    });
    expect(cfg.openstack).toEqual({
      authUrl: 'http://k:5000/v3',
      auth: { type: 'password', userId: 'u-123', password: 'pw', userDomainName: 'Corp' },
      project: { name: 'legacy', domainName: 'Corp' },
      interface: 'internal',
      endpointOverride: { compute: 'http://127.0.0.1:8774/v2.1' },
    });
  });

  it('reads an application credential by name (which needs the owner)', async () => {
    const env = {
      OS_AUTH_URL: 'http://k:5000/v3',
      OS_AUTH_TYPE: 'v3applicationcredential',
      OS_APPLICATION_CREDENTIAL_NAME: 'ci',
      OS_APPLICATION_CREDENTIAL_SECRET: 'app-secret-2',
    };
    expect(await s.fail(env, {}, ['app-secret-2'])).toContain('OS_USERNAME is not set');
    const cfg = await s.load({ ...env, OS_USERNAME: 'bot', OS_USER_DOMAIN_NAME: 'Default' });
    expect(cfg.openstack?.auth).toEqual({
      type: 'application_credential',
      name: 'ci',
      secret: 'app-secret-2',
      username: 'bot',
      userDomainName: 'Default',
    });
  });

  it('names each missing piece when OS_AUTH_URL is set', async () => {
    const msg = await s.fail({ OS_AUTH_URL: 'http://k:5000/v3' });
    expect(msg).toContain('OS_PASSWORD is not set (OS_AUTH_URL is');
    expect(msg).toContain('OS_USERNAME / OS_USER_ID is not set');
    expect(msg).toContain('OS_PROJECT_NAME / OS_PROJECT_ID is not set');
  });

  it('hints at OS_AUTH_TYPE when an application credential secret is set without it', async () => {
    const env = {
      OS_AUTH_URL: 'http://k:5000/v3',
      OS_APPLICATION_CREDENTIAL_ID: 'id',
      OS_APPLICATION_CREDENTIAL_SECRET: 'sec-3',
    };
    const msg = await s.fail(env, {}, ['sec-3']);
    expect(msg).toContain('set OS_AUTH_TYPE (or auth_type) to v3applicationcredential');
  });

  it('rejects an unknown OS_AUTH_TYPE and a bad OS_INTERFACE, naming the variables', async () => {
    const msg = await s.fail({ ...OPENRC, OS_AUTH_TYPE: 'token', OS_INTERFACE: 'private' }, {}, ['env-password-1']);
    expect(msg).toContain('OS_AUTH_TYPE (environment): "token" is not a supported auth type');
    expect(msg).toContain('OS_INTERFACE (environment): "private" is not an interface (public, internal or admin)');
  });

  it('rejects a bad OS_AUTH_URL and a bad endpoint override', async () => {
    const msg = await s.fail({ ...OPENRC, OS_AUTH_URL: 'k:5000', OS_IMAGE_ENDPOINT_OVERRIDE: 'glance' });
    expect(msg).toContain('OS_AUTH_URL (environment): "k:5000" is not an http:// or https:// URL');
    expect(msg).toContain('OS_IMAGE_ENDPOINT_OVERRIDE (environment): "glance" is not an http:// or https:// URL');
  });
});
