import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { blockops, startBlockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

/**
 * The `blockops` command as a user runs it: separate processes, one shared store, an emulator over HTTP. Who asks and
 * who approves, on the database and through `blockops serve`: cli-identity.test.ts.
 */
describe('blockops CLI', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-cli-');
    dir = sb.root;
    env = {
      ...emulatorEnv(emu),
      DATABASE_URL: sb.databaseUrl,
      BLOCKOPS_IMAGE_DIRS: sb.imagesDir,
    };
  });
  afterAll(async () => {
    await emu.close();
    await sb.cleanup();
  });

  it('prints a clear error naming the flag for bad input, and changes nothing', async () => {
    const before = emu.faults.summary().volumes.total;
    const bad = await blockops(['clone-image', '--image', 'cirros', '--size-gb', 'lots'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--size-gb takes a number/);
    const wait = await blockops(['clone-image', '--image', 'cirros', '--wait', 'abc'], env);
    expect(wait.code).not.toBe(0);
    expect(wait.stderr).toMatch(/--wait takes seconds from 0 to 3600/);
    const missing = await blockops(['boot-server', '--flavor', 'm1.tiny'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/VALIDATION\.FAILED: Invalid input for boot-server: --volume: is required/);
    expect(emu.faults.summary().volumes.total).toBe(before);
  });

  it('refuses an upload from outside BLOCKOPS_IMAGE_DIRS, or through a symlink out of it, before asking anyone', async () => {
    writeFileSync(join(dir, 'secret.raw'), 'x');
    symlinkSync(join(dir, 'secret.raw'), join(dir, 'images', 'link.raw'));
    for (const source of ['/etc/passwd', join(dir, 'images', 'link.raw'), join(dir, 'images', '..', 'secret.raw')]) {
      const r = await blockops(['upload-image', '--source', source, '--name', 'x', '--disk-format', 'raw'], env);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/UPLOAD\.SOURCE_REFUSED/);
    }
    const pending = await blockops(
      ['list-requests', '--status', 'pending_approval', '--operation', 'upload_image', '--json'],
      env,
    );
    expect(JSON.parse(pending.stdout).requests).toEqual([]);
  });

  it('names the bad setting in a configuration error and never prints the secret', async () => {
    const r = await blockops(['list-images'], {
      ...env,
      LIGHTBITS_API_ENDPOINTS: 'x:y:z',
      OS_PASSWORD: 'hunter2-secret',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/LIGHTBITS_API_ENDPOINTS \(environment\)/);
    expect(r.stderr + r.stdout).not.toMatch(/hunter2/);
  });

  it('runs on the built-in emulator when no cloud is configured, and says so on stderr only', async () => {
    const r = await blockops(['list-images', '--json'], {
      DATABASE_URL: join(dir, 'own.db'),
      BLOCKOPS_EMULATOR_SPEED: '0',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/no cloud configured.*built-in emulator/);
    expect(JSON.parse(r.stdout).images.map((i: { name: string }) => i.name)).toContain('cirros');
  });

  it('`sim` prints an openrc that `doctor` accepts, for any OpenStack client', async () => {
    // In the sandbox: `sim` keeps its emulator's state in the state directory of where it runs.
    const sim = await startBlockops(['sim', '--port', '0', '--speed', '0'], {}, /clouds:[\s\S]*auth_url[^\n]*\n/, {
      cwd: dir,
    });
    try {
      const openrc: Record<string, string> = {};
      for (const m of sim.output().matchAll(/^export (\w+)=('?)(.*)\2$/gm)) openrc[m[1] as string] = m[3] as string;
      expect(Object.keys(openrc)).toEqual(
        expect.arrayContaining([
          'OS_AUTH_URL',
          'OS_USERNAME',
          'OS_PASSWORD',
          'OS_PROJECT_NAME',
          'LIGHTBITS_API_ENDPOINTS',
        ]),
      );
      const doctor = await blockops(['doctor'], { ...openrc, DATABASE_URL: join(dir, 'doctor.db') });
      expect(doctor.stdout).not.toMatch(/✘/);
      expect(doctor.stdout).toMatch(/✔ keystone\s+authenticated as admin/);
      expect(doctor.stdout).toMatch(/✔ lightbits http/);
      expect(doctor.code).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it('`doctor` says plainly when a Lightbits endpoint does not answer', async () => {
    await emu.faults.setLightbitsEndpointDown(1, true);
    try {
      const doctor = await blockops(['doctor'], env);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toMatch(/✘ lightbits .*no answer/);
      expect(doctor.stdout).toMatch(/✔ keystone/);
    } finally {
      await emu.faults.setLightbitsEndpointDown(1, false);
    }
  });
});
