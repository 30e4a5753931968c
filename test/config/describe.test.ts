import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSources, describeConfig } from '../../src/config/index.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

let s: Sandbox;
beforeEach(async () => {
  s = await sandbox();
});
afterEach(() => s.cleanup());

const SECRETS = {
  OS_PASSWORD: 'os-pw-secret',
  LIGHTBITS_JWT: 'lb-jwt-secret',
  SLACK_BOT_TOKEN: 'xoxb-secret',
  SLACK_SIGNING_SECRET: 'signing-secret',
};

describe('describeConfig', () => {
  it('summarises everything without a single secret', async () => {
    const cfg = await s.load({
      ...SECRETS,
      OS_AUTH_URL: 'http://k:5000/v3',
      OS_USERNAME: 'admin',
      OS_PROJECT_NAME: 'admin',
      LIGHTBITS_API_ENDPOINTS: 'lb:443',
      DATABASE_URL: 'postgres://ops:db-pass-secret@db/ops',
    });
    const summary = describeConfig(cfg);
    const text = JSON.stringify(summary);
    for (const secret of [...Object.values(SECRETS), 'db-pass-secret']) expect(text).not.toContain(secret);
    expect(summary['slack']).toEqual({ botToken: 'set', signingSecret: 'set', appToken: 'not set' });
    expect(summary['databaseUrl']).toBe('postgres://ops:***@db/ops');
    expect(summary['openstack']).toMatchObject({
      authUrl: 'http://k:5000/v3',
      auth: { username: 'admin', password: 'set' },
    });
    expect(summary['lightbits']).toMatchObject({ endpoints: ['lb:443'], jwt: 'set' });
  });

  it('says when OpenStack and Lightbits are left to the emulator', async () => {
    const summary = describeConfig(await s.load());
    expect(summary['openstack']).toBe('not configured (built-in emulator)');
    expect(summary['lightbits']).toBe('not configured (built-in emulator)');
  });

  it('records where each setting came from, without values', async () => {
    const env = {
      ...SECRETS,
      OS_AUTH_URL: 'http://k/v3',
      OS_USERNAME: 'a',
      OS_PROJECT_ID: 'p',
      LIGHTBITS_API_ENDPOINTS: 'lb:443',
    };
    const cfg = await s.load(env, { port: '8080' });
    const sources = configSources(cfg);
    expect(sources).toMatchObject({
      'server.port': '--port (flag)',
      'slack.botToken': 'SLACK_BOT_TOKEN (environment)',
      'openstack.password': 'OS_PASSWORD (environment)',
      volumeType: 'BLOCKOPS_VOLUME_TYPE (default)',
      'lightbits.jwt': 'LIGHTBITS_JWT (environment)',
    });
    expect(JSON.stringify(sources)).not.toContain('os-pw-secret');
  });
});
