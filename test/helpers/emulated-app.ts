import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

/** The environment that points blockops (in process or spawned) at a running emulator, as an operator would. */
export function emulatorEnv(emu: RunningEmulator): Record<string, string> {
  const admin = emu.users.admin;
  return {
    OS_AUTH_URL: emu.authUrl,
    OS_USERNAME: admin.username,
    OS_PASSWORD: admin.password,
    OS_PROJECT_NAME: admin.projectName,
    OS_USER_DOMAIN_NAME: admin.userDomainName,
    OS_PROJECT_DOMAIN_NAME: admin.projectDomainName,
    OS_REGION_NAME: emu.region,
    LIGHTBITS_API_ENDPOINTS: emu.lightbits.endpoints.join(','),
    LIGHTBITS_JWT: emu.lightbits.jwt,
    LIGHTBITS_PROJECT: emu.lightbits.project,
    BLOCKOPS_CINDER_DIRECT_URL_SCHEMES: 'cinder',
    BLOCKOPS_POLL_MS: '20',
  };
}

export interface EmulatedApp {
  emu: RunningEmulator;
  app: App;
  dir: string;
  imageDir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A blockops app on a SQLite file, talking over HTTP to an emulator started here (speed 0). */
export async function startEmulatedApp(opts: { policy?: string; approvers?: string } = {}): Promise<EmulatedApp> {
  const emu = await startEmulator({ speed: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'blockops-e2e-'));
  const imageDir = join(dir, 'images');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(imageDir);
  const env: Record<string, string> = {
    ...emulatorEnv(emu),
    DATABASE_URL: join(dir, 'blockops.db'),
    BLOCKOPS_IMAGE_DIRS: imageDir,
    BLOCKOPS_APPROVERS: opts.approvers ?? 'alice',
  };
  if (opts.policy) {
    writeFileSync(join(dir, 'policy.yaml'), opts.policy);
    env['BLOCKOPS_POLICY'] = join(dir, 'policy.yaml');
  }
  const app = await createApp(await loadConfig({ env, cwd: dir }));
  return {
    emu,
    app,
    dir,
    imageDir,
    env,
    async close() {
      await app.close();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
