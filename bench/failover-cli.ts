import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator/index.js';
import type { ExtraSeed } from '../src/emulator/seed/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { bulkSeed } from '../test/helpers/emulator-seed.js';
import { startServe } from '../test/mcp/helpers/processes.js';
import { type Bench, interleave, timeRow } from './figures.js';
import { builtCli, runToExit } from './spawn.js';

/**
 * P2: the on-call answer for one VM from process start, `blockops get-failover-status --server` (which also asks
 * Lightbits), next to what an operator runs without blockops: `openstack server show` then `openstack volume show`.
 * Twice: the CLI on the cloud itself, and the CLI asking the team's running `blockops serve` (BLOCKOPS_URL), which
 * keeps the database, the clients and the token warm.
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
    let served: Awaited<ReturnType<typeof startServe>> | undefined;
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
      const token = randomBytes(24).toString('hex');
      const tokens = join(dir, 'tokens.json');
      const sha = createHash('sha256').update(token).digest('hex');
      writeFileSync(tokens, JSON.stringify([{ identity: 'oncall', token_sha256: sha, read_only: true }]));
      served = await startServe({ ...env, BLOCKOPS_MCP_TOKENS: tokens, BLOCKOPS_WATCH_INTERVAL: '0' }, dir);
      const remoteEnv = { PATH: env.PATH, HOME: dir, BLOCKOPS_URL: served.url, BLOCKOPS_TOKEN: token };
      const args = [cli, 'get-failover-status', '--server', id, '--json'];
      await runToExit(process.execPath, args, remoteEnv); // warm the serve: token, catalog, microversions
      const remote = await interleave(quick ? 2 : 5, () => runToExit(process.execPath, args, remoteEnv), pair);
      const peer = '(openstack server+volume show)';
      return [
        timeRow('P2', '`get-failover-status --server`, process start → answer', r.a, r.b, 0.1, peer),
        timeRow('P2', 'the same through a running `blockops serve` (BLOCKOPS_URL)', remote.a, remote.b, 0.1, peer),
      ];
    } finally {
      await served?.stop();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
