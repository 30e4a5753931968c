import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSources } from '../../src/config/index.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

let s: Sandbox;
beforeEach(async () => {
  s = await sandbox();
});
afterEach(() => s.cleanup());

const FILE = `
volume_type: from-file
read_only: true
server:
  port: 4000
  host: 0.0.0.0
policy_file: policy.yaml
approvers: [U1, U2]
`;

describe('layer precedence: defaults < file < environment < flags', () => {
  it('uses the defaults when nothing is set', async () => {
    const cfg = await s.load();
    expect(cfg.openstack).toBeUndefined();
    expect(cfg.lightbits).toBeUndefined();
    expect(cfg.volumeType).toBe('lightbits');
    expect(cfg.server).toEqual({ host: '127.0.0.1', port: 3000, allowedHosts: [], allowedOrigins: [] });
    expect(cfg.databaseUrl).toBe(join(s.cwd, '.blockops', 'blockops.db'));
    expect(cfg.readOnly).toBe(false);
    expect(cfg.emulatorSpeed).toBe(1);
    expect(cfg.remote).toEqual({});
    expect(configSources(cfg)?.['server.port']).toBe('PORT (default)');
  });

  it('reads ./blockops.yaml over the defaults, resolving its relative paths against its directory', async () => {
    await s.write('work/blockops.yaml', FILE);
    const cfg = await s.load();
    expect(cfg.volumeType).toBe('from-file');
    expect(cfg.readOnly).toBe(true);
    expect(cfg.server.port).toBe(4000);
    expect(cfg.server.host).toBe('0.0.0.0');
    expect(cfg.policyFile).toBe(join(s.cwd, 'policy.yaml'));
    expect(cfg.approvers).toEqual(['U1', 'U2']);
    expect(configSources(cfg)?.['server.port']).toBe(`server.port (file ${join(s.cwd, 'blockops.yaml')})`);
  });

  it('lets the environment override the file, and flags override both', async () => {
    await s.write('elsewhere/conf.yaml', FILE);
    const env = { BLOCKOPS_CONFIG: join(s.root, 'elsewhere/conf.yaml'), PORT: '5000', BLOCKOPS_READ_ONLY: 'false' };
    const fromEnv = await s.load(env);
    expect(fromEnv.server.port).toBe(5000);
    expect(fromEnv.readOnly).toBe(false);
    expect(fromEnv.volumeType).toBe('from-file');
    expect(fromEnv.policyFile).toBe(join(s.root, 'elsewhere/policy.yaml'));

    const fromFlags = await s.load(env, { port: '6000', readOnly: true, 'volume-type': 'flagged' });
    expect(fromFlags.server.port).toBe(6000);
    expect(fromFlags.readOnly).toBe(true);
    expect(fromFlags.volumeType).toBe('flagged');
    expect(configSources(fromFlags)?.['server.port']).toBe('--port (flag)');
  });

  it('prefers --config over BLOCKOPS_CONFIG', async () => {
    await s.write('a.yaml', 'volume_type: a\n');
    await s.write('b.yaml', 'volume_type: b\n');
    const cfg = await s.load({ BLOCKOPS_CONFIG: join(s.root, 'a.yaml') }, { config: join(s.root, 'b.yaml') });
    expect(cfg.volumeType).toBe('b');
  });

  it('treats an empty variable as unset', async () => {
    await s.write('work/blockops.yaml', 'volume_type: from-file\n');
    expect((await s.load({ BLOCKOPS_VOLUME_TYPE: '' })).volumeType).toBe('from-file');
  });

  it('splits lists: image dirs on ":", approvers, hosts and origins on ","', async () => {
    const cfg = await s.load({
      BLOCKOPS_IMAGE_DIRS: '/srv/images:/data/img',
      BLOCKOPS_APPROVERS: 'U1, U2,,U3',
      BLOCKOPS_ALLOWED_HOSTS: 'ops.example.com,localhost',
      BLOCKOPS_ALLOWED_ORIGINS: 'https://ops.example.com',
      BLOCKOPS_EMULATOR_SPEED: '10',
      DATABASE_URL: 'postgres://ops:pw@db:5432/blockops',
    });
    expect(cfg.imageDirs).toEqual(['/srv/images', '/data/img']);
    expect(cfg.approvers).toEqual(['U1', 'U2', 'U3']);
    expect(cfg.server.allowedHosts).toEqual(['ops.example.com', 'localhost']);
    expect(cfg.server.allowedOrigins).toEqual(['https://ops.example.com']);
    expect(cfg.emulatorSpeed).toBe(10);
    expect(cfg.databaseUrl).toBe('postgres://ops:pw@db:5432/blockops');
  });

  it('makes a relative SQLite path absolute and keeps sqlite:// URLs', async () => {
    expect((await s.load({ DATABASE_URL: 'state/ops.db' })).databaseUrl).toBe(join(s.cwd, 'state/ops.db'));
    expect((await s.load({ DATABASE_URL: 'sqlite:///var/lib/ops.db' })).databaseUrl).toBe('sqlite:///var/lib/ops.db');
  });
});

describe('bad values name the setting and where it came from', () => {
  it('rejects a bad port from each layer', async () => {
    expect(await s.fail({ PORT: 'http' })).toContain(
      'PORT (environment): "http" is not a port number (0-65535; 0 = any free port)',
    );
    expect(await s.fail({}, { port: '70000' })).toContain('--port (flag): "70000" is not a port number');
    const path = await s.write('work/blockops.yaml', 'server:\n  port: -1\n');
    expect(await s.fail()).toContain(`server.port (file ${path}): -1 is not a port number`);
  });

  it('rejects a relative image directory, naming the bad entry', async () => {
    const msg = await s.fail({ BLOCKOPS_IMAGE_DIRS: '/ok:relative/dir' });
    expect(msg).toContain('BLOCKOPS_IMAGE_DIRS (environment): "relative/dir" is not an absolute path');
  });

  it('rejects an unsupported database URL without showing its password', async () => {
    const msg = await s.fail({ DATABASE_URL: 'mysql://ops:s3cr3t-pw@db/ops' }, {}, ['s3cr3t-pw']);
    expect(msg).toContain('DATABASE_URL (environment): "mysql://ops:***@db/ops" is not a postgres:// URL');
  });

  it('rejects bad booleans, URLs and speeds, reporting all problems at once', async () => {
    const msg = await s.fail({
      BLOCKOPS_READ_ONLY: 'maybe',
      SLACK_API_URL: 'slack.local',
      BLOCKOPS_EMULATOR_SPEED: '-2',
    });
    expect(msg).toContain('3 problems');
    expect(msg).toContain('BLOCKOPS_READ_ONLY (environment): "maybe" is not a boolean');
    expect(msg).toContain('SLACK_API_URL (environment): "slack.local" is not an http:// or https:// URL');
    expect(msg).toContain('BLOCKOPS_EMULATOR_SPEED (environment): "-2" is not a number of 0 or more');
  });

  it('names unknown config-file keys and lists the known ones', async () => {
    const path = await s.write('work/blockops.yaml', 'volume_typo: x\nserver:\n  prot: 1\n');
    const msg = await s.fail();
    expect(msg).toContain(`volume_typo (file ${path}): is not a known setting (known: volume_type,`);
    expect(msg).toContain(`server.prot (file ${path}): is not a known setting (known under server: host, port,`);
  });

  it('names config-file values of the wrong type', async () => {
    const path = await s.write('work/blockops.yaml', 'server: 3000\npolicy_file: [a, b]\n');
    const msg = await s.fail();
    expect(msg).toContain(`server (file ${path}): must be a mapping`);
    expect(msg).toContain(`policy_file (file ${path}): must be a string`);
  });

  it('reports invalid YAML by position only, never echoing the line', async () => {
    await s.write('work/blockops.yaml', 'slack:\n  bot_token: "xoxb-leak\n  api_url: [\n');
    const msg = await s.fail({}, {}, ['xoxb-leak']);
    expect(msg).toMatch(/blockops\.yaml: is not valid YAML \(\w+ at line \d+, column \d+\)/);
  });

  it('names a --config file that does not exist', async () => {
    expect(await s.fail({}, { config: 'missing.yaml' })).toContain(
      `--config (flag): the configuration file ${join(s.cwd, 'missing.yaml')} does not exist`,
    );
  });
});
