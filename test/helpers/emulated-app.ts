import { type App, createApp } from '../../src/app/app.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { withApprovers } from './approvers.js';
import { emulatorEnv } from './emulator-env.js';
import { sandbox } from './sandbox.js';

export interface EmulatedApp {
  emu: RunningEmulator;
  app: App;
  dir: string;
  imageDir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A blockops app on a SQLite file (or the database given), talking over HTTP to an emulator started here (speed 0). */
export async function startEmulatedApp(
  opts: { policy?: string; approvers?: string; databaseUrl?: string } = {},
): Promise<EmulatedApp> {
  const emu = await startEmulator({ speed: 0 });
  const sb = await sandbox('blockops-e2e-');
  const env: Record<string, string> = {
    ...emulatorEnv(emu),
    DATABASE_URL: opts.databaseUrl ?? sb.databaseUrl,
    BLOCKOPS_IMAGE_DIRS: sb.imagesDir,
    BLOCKOPS_POLICY: await sb.writePolicy(withApprovers((opts.approvers ?? 'alice').split(','), opts.policy)),
  };
  // A shared store gets no generated audit key: give it one.
  if (opts.databaseUrl) env['BLOCKOPS_AUDIT_KEY'] = 'emulated-app-audit-key-0123456789abcdef0123456789';
  if (opts.policy) env['BLOCKOPS_POLICY'] = await sb.writePolicy(opts.policy);
  const app = await createApp(await sb.load(env));
  return {
    emu,
    app,
    dir: sb.root,
    imageDir: sb.imagesDir,
    env,
    async close() {
      await app.close();
      await emu.close();
      await sb.cleanup();
    },
  };
}
