import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

let s: Sandbox;
beforeEach(async () => {
  s = await sandbox();
});
afterEach(() => s.cleanup());

describe('Lightbits settings', () => {
  it('reads endpoints (host:port, IPv6, URLs), the JWT and defaults the project to "default"', async () => {
    const cfg = await s.load({
      LIGHTBITS_API_ENDPOINTS: '10.0.0.1:443, [fd00::2]:443,https://lb3.example.com',
      LIGHTBITS_JWT: 'jwt-value-1',
    });
    expect(cfg.lightbits).toEqual({
      endpoints: ['10.0.0.1:443', '[fd00::2]:443', 'https://lb3.example.com'],
      jwt: 'jwt-value-1',
      project: 'default',
    });
  });

  it('reads a lightbits: section of the config file, with the environment on top', async () => {
    await s.write(
      'work/blockops.yaml',
      'lightbits:\n  endpoints: [lb1:443, lb2:443]\n  jwt_file: lb.jwt\n  project: tenant-a\n  cacert: ca.pem\n  insecure: false\n',
    );
    await s.write('work/lb.jwt', 'jwt-from-file\n');
    const cfg = await s.load({ LIGHTBITS_PROJECT: 'tenant-b' });
    expect(cfg.lightbits).toEqual({
      endpoints: ['lb1:443', 'lb2:443'],
      jwt: 'jwt-from-file',
      project: 'tenant-b',
      caFile: join(s.cwd, 'ca.pem'),
      insecure: false,
    });
  });

  it('rejects an endpoint that is neither host:port nor a URL', async () => {
    expect(await s.fail({ LIGHTBITS_API_ENDPOINTS: 'lb1:443,x:y:z', LIGHTBITS_JWT: 'j' })).toContain(
      'LIGHTBITS_API_ENDPOINTS (environment): "x:y:z" is not host:port or a URL',
    );
  });

  it('requires a JWT once endpoints are set', async () => {
    expect(await s.fail({ LIGHTBITS_API_ENDPOINTS: 'lb1:443' })).toContain(
      'LIGHTBITS_JWT is not set (LIGHTBITS_API_ENDPOINTS is): set LIGHTBITS_JWT, LIGHTBITS_JWT_FILE or LIGHTBITS_JWT_COMMAND',
    );
  });

  it('refuses a JWT without endpoints rather than ignoring it, and never shows the JWT', async () => {
    const msg = await s.fail({ LIGHTBITS_JWT: 'stray-jwt' }, {}, ['stray-jwt']);
    expect(msg).toContain('LIGHTBITS_API_ENDPOINTS is not set, but LIGHTBITS_JWT (environment) is');
  });
});
