import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../src/emulator/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { bulkSeed } from '../test/helpers/emulator-seed.js';
import { REPO_POLICY } from './figures.js';

export interface SeededFleet {
  emu: RunningEmulator;
  app: App;
  /** One seeded server, for the per-VM figures. */
  server: string;
  /** "10,000 volumes, 500 servers, 3 nodes", for the table. */
  scale: string;
}

/**
 * An app on an emulator seeded with `volumes` volumes and `servers` servers on 3 Lightbits nodes, for `fn`;
 * the app, the emulator and the temporary state directory are gone afterwards, whatever `fn` did.
 */
export async function withSeededFleet<T>(
  size: { volumes: number; servers: number },
  fn: (fleet: SeededFleet) => Promise<T>,
): Promise<T> {
  const emu = await startEmulator({ speed: 0, nodes: 3, seed: bulkSeed(size) });
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-fleet-'));
  let app: App | undefined;
  try {
    const env = { ...emulatorEnv(emu), DATABASE_URL: join(dir, 'b.db'), BLOCKOPS_POLICY: REPO_POLICY };
    app = await createApp(await loadConfig({ env, cwd: dir }));
    let server: string | undefined;
    for await (const s of (await app.cloud()).openstack.compute.listServers({ allTenants: true })) {
      server = s.id;
      break;
    }
    if (!server) throw new Error('the seeded emulator has no servers');
    const scale = `${size.volumes.toLocaleString('en')} volumes, ${size.servers} servers, 3 nodes`;
    return await fn({ emu, app, server, scale });
  } finally {
    await app?.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
