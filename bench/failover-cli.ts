import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import type { ExtraSeed } from '../src/emulator/seed/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { bulkSeed } from '../test/helpers/emulator-seed.js';
import { type Bench, interleave, timeRow } from './figures.js';
import { builtCli, runToExit } from './spawn.js';

/**
 * P2: the on-call answer for one VM from process start, `blockops get-failover-status --server` (which also asks
 * Lightbits), next to what an operator runs without blockops: `openstack server show` then `openstack volume show`.
 */
export const failoverCliBench: Bench = {
  id: 'P2',
  title: 'failover status from the CLI',
  async run(quick) {
    let server: { id: string; volume: string } | undefined;
    const seed: ExtraSeed = async (emu, ids) => {
      await bulkSeed({ volumes: 100, servers: 3 })(emu, ids);
      const first = [...emu.state.servers.values()].find((s) => s.volumes.length > 0);
      if (first) server = { id: first.id, volume: first.volumes[0]?.id as string };
    };
    const emu = await startEmulator({ speed: 0, nodes: 3, seed });
    const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-failover-'));
    try {
      if (!server) throw new Error('the seeded emulator has no server with a volume');
      const { id, volume } = server;
      const env = {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: dir,
        ...emulatorEnv(emu),
        OS_AUTH_TYPE: 'password',
        OS_IDENTITY_API_VERSION: '3',
        DATABASE_URL: join(dir, 'b.db'),
        BLOCKOPS_LOG_LEVEL: 'warn',
      };
      const cli = builtCli();
      const ours = () => runToExit(process.execPath, [cli, 'get-failover-status', '--server', id, '--json'], env);
      const pair = async () =>
        (await runToExit('openstack', ['server', 'show', id, '-f', 'json'], env)) +
        (await runToExit('openstack', ['volume', 'show', volume, '-f', 'json'], env));
      const r = await interleave(quick ? 2 : 5, ours, pair);
      return [
        timeRow(
          'P2',
          '`get-failover-status --server`, process start → answer',
          r.a,
          r.b,
          0.1,
          '(openstack server+volume show)',
        ),
      ];
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
