import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSources } from '../../src/config/index.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

let s: Sandbox;
beforeEach(async () => {
  s = await sandbox();
});
afterEach(() => s.cleanup());

const DEV = `
clouds:
  dev:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: admin
      password: hunter2-dev
      project_name: admin
      domain_name: Default
    region_name: RegionOne
    interface: internal
`;

describe('clouds.yaml discovery (openstacksdk search order)', () => {
  it('is not configured without OS_CLOUD or OS_AUTH_URL, even when clouds.yaml and other OS_* exist', async () => {
    await s.write('work/clouds.yaml', DEV);
    expect((await s.load({ OS_USERNAME: 'x', OS_REGION_NAME: 'r' })).openstack).toBeUndefined();
  });

  it('reads ~/.config/openstack/clouds.yaml for OS_CLOUD', async () => {
    await s.write('home/.config/openstack/clouds.yaml', DEV);
    const cfg = await s.load({ OS_CLOUD: 'dev' });
    expect(cfg.openstack).toEqual({
      authUrl: 'http://127.0.0.1:5000/v3',
      auth: { type: 'password', username: 'admin', password: 'hunter2-dev', userDomainName: 'Default' },
      project: { name: 'admin', domainName: 'Default' },
      regionName: 'RegionOne',
      interface: 'internal',
    });
  });

  it('prefers the current directory over ~/.config/openstack, and takes --os-cloud over OS_CLOUD', async () => {
    await s.write(
      'home/.config/openstack/clouds.yaml',
      DEV.replace('admin\n      password', 'home-user\n      password'),
    );
    await s.write(
      'work/clouds.yml',
      `${DEV}\n  other:\n    auth: {auth_url: 'http://o:5000/v3', username: o, password: p, project_id: abc}\n`,
    );
    const cfg = await s.load({ OS_CLOUD: 'nope' }, { osCloud: 'dev' });
    expect(cfg.openstack?.auth).toMatchObject({ username: 'admin' });
    expect(configSources(cfg)?.['openstack.cloud']).toBe('--os-cloud (flag)');
    expect(configSources(cfg)?.['openstack.username']).toBe(
      `clouds.dev.auth.username (file ${join(s.cwd, 'clouds.yml')})`,
    );
  });

  it('puts OS_CLIENT_CONFIG_FILE in front of the search list', async () => {
    await s.write('work/clouds.yaml', DEV);
    const path = await s.write('custom/my-clouds.yaml', DEV.replace('RegionOne', 'RegionTwo'));
    expect((await s.load({ OS_CLOUD: 'dev', OS_CLIENT_CONFIG_FILE: path })).openstack?.regionName).toBe('RegionTwo');
  });

  it('honours $XDG_CONFIG_HOME/openstack', async () => {
    await s.write('xdg/openstack/clouds.yaml', DEV);
    const cfg = await s.load({ OS_CLOUD: 'dev', XDG_CONFIG_HOME: join(s.root, 'xdg') });
    expect(cfg.openstack?.authUrl).toBe('http://127.0.0.1:5000/v3');
  });

  it('merges secure.yaml over clouds.yaml, key by key', async () => {
    await s.write('work/clouds.yaml', DEV.replace('      password: hunter2-dev\n', ''));
    await s.write('home/.config/openstack/secure.yaml', 'clouds:\n  dev:\n    auth:\n      password: from-secure\n');
    const cfg = await s.load({ OS_CLOUD: 'dev' });
    expect(cfg.openstack?.auth).toMatchObject({ type: 'password', username: 'admin', password: 'from-secure' });
    expect(configSources(cfg)?.['openstack.password']).toContain('secure.yaml');
  });

  it('lets OS_* variables override the cloud, and --os-* flags override those', async () => {
    await s.write('work/clouds.yaml', DEV);
    const env = { OS_CLOUD: 'dev', OS_PASSWORD: 'from-env', OS_PROJECT_NAME: 'demo', OS_INTERFACE: 'public' };
    const cfg = await s.load(env, { 'os-interface': 'admin' });
    expect(cfg.openstack?.auth).toMatchObject({ username: 'admin', password: 'from-env' });
    expect(cfg.openstack?.project).toEqual({ name: 'demo', domainName: 'Default' });
    expect(cfg.openstack?.interface).toBe('admin');
  });

  it('reads an application credential, verify: false, cacert and endpoint overrides', async () => {
    await s.write(
      'work/clouds.yaml',
      `clouds:
  ci:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example.com/v3
      application_credential_id: 0123abcd
      application_credential_secret: app-secret-value
    verify: false
    cacert: certs/ca.pem
    compute_endpoint_override: http://127.0.0.1:8774/v2.1
    volumev3_endpoint_override: http://127.0.0.1:8776/v3
`,
    );
    const cfg = await s.load({ OS_CLOUD: 'ci' });
    expect(cfg.openstack).toEqual({
      authUrl: 'https://keystone.example.com/v3',
      auth: { type: 'application_credential', id: '0123abcd', secret: 'app-secret-value' },
      insecure: true,
      caFile: join(s.cwd, 'certs/ca.pem'),
      endpointOverride: { compute: 'http://127.0.0.1:8774/v2.1', volume: 'http://127.0.0.1:8776/v3' },
    });
  });

  it('picks a region from regions: (first by default, OS_REGION_NAME to choose) and applies its values', async () => {
    await s.write(
      'work/clouds.yaml',
      `${DEV.replace('    region_name: RegionOne\n', '')}    regions:
      - east
      - name: west
        values:
          interface: admin
`,
    );
    expect((await s.load({ OS_CLOUD: 'dev' })).openstack).toMatchObject({ regionName: 'east', interface: 'internal' });
    expect((await s.load({ OS_CLOUD: 'dev', OS_REGION_NAME: 'west' })).openstack).toMatchObject({
      regionName: 'west',
      interface: 'admin',
    });
    expect(await s.fail({ OS_CLOUD: 'dev', OS_REGION_NAME: 'north' })).toContain(
      '"north" is not a region of cloud "dev" (its regions: east, west',
    );
  });
});

describe('bad clouds.yaml configuration', () => {
  it('names a missing cloud and lists the clouds found', async () => {
    const path = await s.write('work/clouds.yaml', `${DEV}  prod:\n    auth: {}\n`);
    const msg = await s.fail({ OS_CLOUD: 'staging' });
    expect(msg).toContain(`OS_CLOUD (environment): names cloud "staging", which ${path} does not define`);
    expect(msg).toContain('(clouds found: dev, prod)');
  });

  it('says where it looked when there is no clouds.yaml at all', async () => {
    const msg = await s.fail({}, { 'os-cloud': 'dev' });
    expect(msg).toContain('--os-cloud (flag): names cloud "dev", but no clouds.yaml was found');
    expect(msg).toContain(join(s.cwd, 'clouds.yaml'));
  });

  it('rejects an unknown auth_type, naming the key and file', async () => {
    const path = await s.write(
      'work/clouds.yaml',
      DEV.replace('    region_name', '    auth_type: v3oidcpassword\n    region_name'),
    );
    expect(await s.fail({ OS_CLOUD: 'dev' }, {}, ['hunter2-dev'])).toContain(
      `clouds.dev.auth_type (file ${path}): "v3oidcpassword" is not a supported auth type`,
    );
  });

  it('names the missing password: the clouds.yaml key and the variables that could set it', async () => {
    const path = await s.write('work/clouds.yaml', DEV.replace('      password: hunter2-dev\n', ''));
    const msg = await s.fail({ OS_CLOUD: 'dev' });
    expect(msg).toContain(`auth.password is not set for cloud "dev" (${path})`);
    expect(msg).toContain('OS_PASSWORD, OS_PASSWORD_FILE or OS_PASSWORD_COMMAND');
  });

  it('names a bad auth_url without leaking the password', async () => {
    const path = await s.write('work/clouds.yaml', DEV.replace('http://127.0.0.1:5000/v3', 'keystone:5000'));
    expect(await s.fail({ OS_CLOUD: 'dev' }, {}, ['hunter2-dev'])).toContain(
      `clouds.dev.auth.auth_url (file ${path}): "keystone:5000" is not an http:// or https:// URL`,
    );
  });

  it('names an OS_* variable that overrides the cloud with a bad value', async () => {
    await s.write('work/clouds.yaml', DEV);
    expect(await s.fail({ OS_CLOUD: 'dev', OS_INSECURE: 'sometimes' })).toContain(
      'OS_INSECURE (environment): "sometimes" is not a boolean',
    );
  });
});

describe('paths in clouds.yaml', () => {
  it('resolves a relative cacert against the current directory, as openstacksdk does', async () => {
    await s.write(
      'home/.config/openstack/clouds.yaml',
      DEV.replace('    region_name', '    cacert: ca.pem\n    region_name'),
    );
    expect((await s.load({ OS_CLOUD: 'dev' })).openstack?.caFile).toBe(join(s.cwd, 'ca.pem'));
  });
});
