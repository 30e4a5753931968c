import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { type Bench, interleave, timed, timeRow } from './figures.js';

const NO_APPROVALS = 'version: 1\nroles: { operator: [read, write] }\nactors: { "*": [operator] }\n';

/**
 * P4: launch_server of 10 and of 50 servers from one image, next to a launch of one, alternately, on the emulator
 * at realistic latencies (speed 1: clone, attach and boot take the time a real cloud takes).
 */
export const launchBench: Bench = {
  id: 'P4',
  title: 'batch launch',
  async run(quick) {
    const speed = Number(process.env['BENCH_LAUNCH_SPEED'] ?? 1);
    const emu = await startEmulator({ speed });
    const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-launch-'));
    try {
      writeFileSync(join(dir, 'policy.yaml'), NO_APPROVALS);
      const env = {
        ...emulatorEnv(emu),
        DATABASE_URL: join(dir, 'b.db'),
        BLOCKOPS_POLICY: join(dir, 'policy.yaml'),
        BLOCKOPS_POLL_MS: '200',
      };
      const app = await createApp(await loadConfig({ env, cwd: dir }));
      const actor = { id: 'bench', via: 'cli' as const };
      let n = 0;
      const launch = (count: number) => () =>
        timed(async () => {
          const input = { image: 'cirros', flavor: 'm1.tiny', network: 'none', name: `bench${++n}`, count };
          const out = await app.gateway.run('launch_server', input, actor);
          const failures = (out as { output?: { failures?: unknown[] } }).output?.failures ?? [];
          if (out.status !== 'succeeded' || failures.length) {
            throw new Error(`launch of ${count} did not succeed: ${JSON.stringify(out).slice(0, 2000)}`);
          }
        });
      const rows = [];
      for (const count of quick ? [10] : [10, 50]) {
        const r = await interleave(1, launch(count), launch(1), { warmup: count === 10 });
        rows.push(timeRow('P4', `launch_server count=${count}, speed ${speed}`, r.a, r.b, 1.3, '(count=1)'));
      }
      await app.close();
      return rows;
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
