import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { until } from '../helpers/approved.js';
import { blockops, startBlockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { bulkSeed } from '../helpers/emulator-seed.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

/** `blockops watch` in a terminal: transitions and incidents as lines, as the node fails and comes back. */
describe('blockops watch', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0, nodes: 3, replicas: 2, seed: bulkSeed({ servers: 2 }) });
    sb = await sandbox('blockops-watch-');
  }, 60_000);
  afterAll(async () => {
    await emu?.close();
    await sb?.cleanup();
  });

  it('prints the node going down, the incident opening and resolving', async () => {
    const env = { ...emulatorEnv(emu), DATABASE_URL: sb.databaseUrl };
    const proc = await startBlockops(['watch', '--interval', '1'], env, /polling every 1 s/, { cwd: sb.cwd });
    try {
      // The first cycle is the baseline: let it pass before anything changes.
      await new Promise((r) => setTimeout(r, 1_500));
      await emu.faults.failLightbitsNode(1);
      await until(
        async () => proc.output(),
        (o) => /incident opened: inc-[0-9a-f]+ open single_replica: Lightbits node server01-0/.test(o),
        15_000,
      );
      expect(proc.output()).toMatch(/incident opened: inc-[0-9a-f]+ open single_replica: Lightbits node server01-0/);
      expect(proc.output()).toMatch(/Lightbits node server01-0: Active → (Deactivating|Inactive)/);
      await emu.faults.restoreLightbitsNode(1);
      await until(
        async () => proc.output(),
        (o) => /incident resolved: inc-[0-9a-f]+ resolved/.test(o),
        15_000,
      );
      expect(proc.output()).toMatch(/incident resolved: inc-[0-9a-f]+ resolved/);
    } finally {
      await proc.stop();
    }
  }, 60_000);

  it('refuses an interval that is not a number of seconds', async () => {
    const r = await blockops(
      ['watch', '--interval', 'soon'],
      { ...emulatorEnv(emu), DATABASE_URL: sb.databaseUrl },
      { cwd: sb.cwd },
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('BLOCKOPS_WATCH_INTERVAL must be a number of seconds');
  });
});
