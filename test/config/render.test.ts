import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type LightbitsSettings,
  type OpenStackSettings,
  renderCloudsYaml,
  renderOpenrc,
} from '../../src/config/index.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

let s: Sandbox;
beforeEach(async () => {
  s = await sandbox();
});
afterEach(() => s.cleanup());

const PASSWORD: OpenStackSettings = {
  authUrl: 'http://127.0.0.1:35357/v3',
  auth: { type: 'password', username: 'ad min', password: `it's "quoted" $HOME \`x\``, userDomainName: 'Default' },
  project: { name: 'admin', domainId: 'default' },
  regionName: 'RegionOne',
  interface: 'public',
  caFile: '/etc/ssl/certs/ca.pem',
  insecure: false,
  endpointOverride: { volume: 'http://127.0.0.1:8776/v3', compute: 'http://127.0.0.1:8774/v2.1' },
};

const APP_CREDENTIAL: OpenStackSettings = {
  authUrl: 'https://keystone.example.com:5000/v3',
  auth: { type: 'application_credential', id: 'abc123', secret: 'app:secret#1' },
  insecure: true,
};

const LIGHTBITS: LightbitsSettings = {
  endpoints: ['127.0.0.1:4430', 'https://127.0.0.1:4431'],
  jwt: 'eyJhbGciOi.payload.sig',
  project: 'default',
};

/** Sources the openrc in a real /bin/sh and returns the resulting environment. */
async function sourceOpenrc(text: string): Promise<NodeJS.ProcessEnv> {
  const path = await s.write('openrc', text);
  const script = `. "${path}" && "${process.execPath}" -e 'process.stdout.write(JSON.stringify(process.env))'`;
  const { stdout } = await promisify(execFile)('/bin/sh', ['-c', script], { env: { PATH: process.env['PATH'] } });
  return JSON.parse(stdout) as NodeJS.ProcessEnv;
}

describe('renderOpenrc / renderCloudsYaml round trips', () => {
  for (const [label, settings] of [
    ['password', PASSWORD],
    ['application credential', APP_CREDENTIAL],
  ] as const) {
    it(`clouds.yaml (${label}) loads back with OS_CLOUD to the same settings`, async () => {
      const yaml = renderCloudsYaml('blockops-sim', settings);
      expect(yaml).toMatch(/^clouds:\n {2}blockops-sim:\n/);
      await s.write('home/.config/openstack/clouds.yaml', yaml);
      expect((await s.load({ OS_CLOUD: 'blockops-sim' })).openstack).toEqual(settings);
    });

    it(`openrc (${label}), sourced by /bin/sh, loads back to the same settings`, async () => {
      const env = await sourceOpenrc(renderOpenrc(settings, LIGHTBITS));
      const cfg = await s.load(env);
      expect(cfg.openstack).toEqual(settings);
      expect(cfg.lightbits).toEqual(LIGHTBITS);
    });
  }

  it('writes one export per line and leaves Lightbits out when not given', () => {
    const text = renderOpenrc(APP_CREDENTIAL);
    expect(text).toContain('export OS_AUTH_URL=https://keystone.example.com:5000/v3\n');
    expect(text).toContain("export OS_APPLICATION_CREDENTIAL_SECRET='app:secret#1'\n");
    expect(text).toContain('export OS_AUTH_TYPE=v3applicationcredential\n');
    expect(text).not.toContain('LIGHTBITS');
    expect(
      text
        .trim()
        .split('\n')
        .every((l) => l.startsWith('export ')),
    ).toBe(true);
  });
});
