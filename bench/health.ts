import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { bulkSeed } from '../test/helpers/emulator-seed.js';
import { type Bench, MiB, median, ms, REPO_POLICY, type Row } from './figures.js';

/** get_health and get_failover_status in a running app on an emulator seeded with `volumes` volumes, 3 nodes. */
async function healthAt(volumes: number, servers: number, runs: number, limitMs: number): Promise<Row[]> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const emu = await startEmulator({ speed: 0, nodes: 3, seed: bulkSeed({ volumes, servers }) });
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-health-'));
  try {
    const env = { ...emulatorEnv(emu), DATABASE_URL: join(dir, 'b.db'), BLOCKOPS_POLICY: REPO_POLICY };
    const app = await createApp(await loadConfig({ env, cwd: dir }));
    const actor = { id: 'oncall', via: 'cli' as const };
    let peakHeap = 0;
    const time = async (op: string, input: Record<string, unknown>) => {
      const times: number[] = [];
      await app.gateway.run(op, input, actor); // warm: token, catalog, microversions
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await app.gateway.run(op, input, actor);
        times.push(performance.now() - t);
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      }
      return median(times);
    };
    const cloud = await app.cloud();
    let server: string | undefined;
    for await (const s of cloud.openstack.compute.listServers({ allTenants: true })) {
      server = s.id;
      break;
    }
    if (!server) throw new Error('the seeded emulator has no servers');
    const health = await time('get_health', {});
    const failover = await time('get_failover_status', { server });
    await app.close();
    const scale = `${volumes.toLocaleString('en')} volumes, ${servers} servers, 3 nodes`;
    const heap = `heap ${((peakHeap - heapBefore) / MiB).toFixed(0)} MiB incl. emulator`;
    const row = (what: string, value: number): Row => ({
      id: 'P8',
      what: `${what}, ${scale}`,
      ours: ms(value),
      peer: `— (${heap})`,
      ratio: undefined,
      target: `≤ ${limitMs} ms`,
      holds: value <= limitMs,
    });
    return [row('get_health', health), row('get_failover_status --server', failover)];
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** P8: health and failover status over 10,000 and 100,000 volumes, in a running server (warm). */
export const healthBench: Bench = {
  id: 'P8',
  title: 'health and failover at scale',
  async run(quick) {
    const runs = quick ? 5 : 21;
    return [
      ...(await healthAt(quick ? 1000 : 10_000, quick ? 50 : 500, runs, 10)),
      ...(await healthAt(quick ? 10_000 : 100_000, quick ? 50 : 500, quick ? 3 : 11, 100)),
    ];
  },
};
