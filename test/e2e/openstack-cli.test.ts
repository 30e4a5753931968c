import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { makeRawImage } from '../helpers/images.js';

const run = promisify(execFile);

function hasOpenstackClient(): boolean {
  try {
    execFileSync('openstack', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The emulator must pass for a real cloud with clients nobody on the team wrote: Debian's unmodified
 * python3-openstackclient runs the seed flow against it. Skipped only where that package is not installed
 * (a workstation without it); .ci/run installs it, so CI always runs this.
 */
describe.skipIf(!hasOpenstackClient())('an unmodified `openstack` client against the emulator', () => {
  let emu: RunningEmulator;
  let dir: string;
  let env: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: the CLI's JSON output, checked field by field
  const os = async (...args: string[]): Promise<any> => {
    const { stdout } = await run('openstack', [...args, '-f', 'json'], { env, cwd: dir, timeout: 60_000 });
    return JSON.parse(stdout);
  };

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    dir = mkdtempSync(join(tmpdir(), 'blockops-osc-'));
    env = { PATH: process.env['PATH'] ?? '', HOME: dir, ...emulatorEnv(emu), OS_IDENTITY_API_VERSION: '3' };
    makeRawImage(join(dir, 'disk.raw'), 2 * 1024 * 1024);
    writeFileSync(join(dir, 'README'), 'openstack client scratch dir');
  });
  afterAll(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads into the Cinder store, makes a boot volume from the image, and boots from it', async () => {
    const image = await os(
      'image',
      'create',
      '--disk-format',
      'raw',
      '--container-format',
      'bare',
      '--file',
      join(dir, 'disk.raw'),
      'osc-raw',
    );
    expect(image.name).toBe('osc-raw');
    const shown = await os('image', 'show', 'osc-raw');
    expect(shown).toMatchObject({ status: 'active', disk_format: 'raw', size: 2 * 1024 * 1024 });

    const volumes = await os('volume', 'list', '--all-projects', '--long');
    const imageVolume = volumes.find((v: { Name: string }) => v.Name === `image-${shown.id}`);
    expect(imageVolume).toMatchObject({ Status: 'available', Type: 'lightbits' });
    expect(JSON.stringify(imageVolume.Properties)).toMatch(/readonly/);

    await os('volume', 'create', '--image', 'osc-raw', '--type', 'lightbits', '--size', '1', 'osc-boot');
    let boot = await os('volume', 'show', 'osc-boot');
    for (let i = 0; i < 100 && boot.status !== 'available'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      boot = await os('volume', 'show', 'osc-boot');
    }
    expect(boot).toMatchObject({ status: 'available', bootable: 'true' });

    const server = await os(
      'server',
      'create',
      '--volume',
      'osc-boot',
      '--flavor',
      'm1.tiny',
      '--network',
      'private',
      '--wait',
      'osc-vm',
    );
    expect(server.status).toBe('ACTIVE');
    expect(JSON.stringify(server.addresses)).toMatch(/10\.0\.0\./);
    const listed = await os('server', 'list');
    expect(listed.find((s: { Name: string }) => s.Name === 'osc-vm')).toMatchObject({
      Image: 'N/A (booted from volume)',
    });
  });
});
