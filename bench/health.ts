import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { bulkSeed } from '../test/helpers/emulator-seed.js';
import { type Figure, median, REPO_POLICY } from './figures.js';

/** get_health and get_failover_status on an emulator seeded with 10,000 volumes, 3 nodes and 500 servers. */
export async function benchHealth(opts: { volumes: number; servers: number; runs: number }): Promise<Figure[]> {
  const emu = await startEmulator({
    speed: 0,
    nodes: 3,
    seed: bulkSeed({ volumes: opts.volumes, servers: opts.servers }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-health-'));
  try {
    const env = { ...emulatorEnv(emu), DATABASE_URL: join(dir, 'b.db'), BLOCKOPS_POLICY: REPO_POLICY };
    const app = await createApp(await loadConfig({ env, cwd: dir }));
    const actor = { id: 'oncall', via: 'cli' as const };
    const time = async (op: string, input: Record<string, unknown>) => {
      const ms: number[] = [];
      await app.gateway.run(op, input, actor); // warm: token, catalog, microversions
      for (let i = 0; i < opts.runs; i++) {
        const t = performance.now();
        await app.gateway.run(op, input, actor);
        ms.push(performance.now() - t);
      }
      return median(ms);
    };
    const cloud = await app.cloud();
    let server: string | undefined;
    for await (const s of cloud.openstack.compute.listServers({ allTenants: true })) {
      server = s.id;
      break;
    }
    if (!server) throw new Error('the seeded emulator has no servers');
    const seeded = `${opts.volumes.toLocaleString('en')} volumes, ${opts.servers} servers, 3 nodes`;
    const figures: Figure[] = [
      { name: 'get_health, median', value: await time('get_health', {}), unit: 'ms', note: seeded },
      {
        name: 'get_failover_status (server), median',
        value: await time('get_failover_status', { server }),
        unit: 'ms',
        note: seeded,
      },
    ];
    await app.close();
    return figures;
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
