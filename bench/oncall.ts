import { OncallWatcher } from '../src/app/oncall-watcher.js';
import { type Bench, MiB, median, ms, type Row, timeRow } from './figures.js';
import { withSeededFleet } from './seeded-fleet.js';

/** CPU (user + system) and wall milliseconds of one call, the median of `runs`. */
async function measure(runs: number, fn: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  await fn(); // warm: token, catalog, microversions
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { cpuMs: median(cpu), wallMs: median(wall) };
}

/**
 * One watcher cycle on an emulator with 10,000 volumes, 500 servers and 3 nodes (CPU and wall time, and the heap it
 * keeps), against get_failover_status of one server and get_health over the same fleet in the same run (both
 * processes' CPU: the emulator runs in this process too). Then the time from a node failure to the incident.
 */
async function benchOncall(opts: { volumes: number; servers: number; runs: number }): Promise<Row[]> {
  return withSeededFleet(opts, async ({ emu, app, server, scale: seeded }) => {
    const actor = { id: 'oncall', via: 'cli' as const };
    const watcher = new OncallWatcher({
      store: app.services.store,
      cloud: () => app.cloud(),
      intervalMs: 1000,
      owner: 'bench',
    });
    const newWatcher = (owner: string) =>
      new OncallWatcher({ store: app.services.store, cloud: () => app.cloud(), intervalMs: 1000, owner, lead: false });
    // A fresh watcher lists Cinder's volumes and Nova's servers too; later cycles reuse them for a minute.
    const first = await measure(opts.runs, () => newWatcher('bench-first').cycle());
    const cycle = await measure(opts.runs, () => watcher.cycle());
    const failover = await measure(opts.runs, () => app.gateway.run('get_failover_status', { server }, actor));
    const health = await measure(opts.runs, () => app.gateway.run('get_health', {}, actor));
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().heapUsed;
    const kept = newWatcher('bench-kept');
    await kept.cycle();
    (globalThis as { gc?: () => void }).gc?.();
    const heapMiB = (process.memoryUsage().heapUsed - before) / MiB;

    // A node failure to its incident, with the watcher polling every second as in the tests.
    watcher.start();
    const opened = new Promise<number>((resolve) => {
      watcher.onIncident((n) => {
        if (n.change === 'opened') resolve(performance.now());
      });
    });
    const t0 = performance.now();
    await emu.faults.failLightbitsNode(0);
    const toIncident = (await opened) - t0;
    await watcher.stop();
    const note = `(${seeded})`;
    return [
      timeRow('P9', 'watcher cycle, steady (Lightbits + services), wall', cycle.wallMs, health.wallMs, 10, note),
      {
        id: 'P9',
        what: 'watcher cycle with Cinder and Nova: CPU / wall; heap kept',
        ours: `${ms(first.cpuMs)} / ${ms(first.wallMs)}; ${(heapMiB).toFixed(1)} MiB`,
        peer: `get_failover_status ${ms(failover.wallMs)}`,
        ratio: first.wallMs / failover.wallMs,
        target: 'report',
        holds: true,
      },
      {
        id: 'P9',
        what: 'node failure → incident opened (1 s polling)',
        ours: ms(toIncident),
        peer: '—',
        ratio: undefined,
        target: '≤ 2 intervals (2 s)',
        holds: toIncident <= 2000,
      },
    ];
  });
}

/** P9 (issue 14): the on-call watcher's cycle beside get_health over the same fleet, in the same run. */
export const oncallBench: Bench = {
  id: 'P9',
  title: 'on-call watcher cycle',
  run: (quick) => benchOncall({ volumes: quick ? 1000 : 10_000, servers: quick ? 50 : 500, runs: quick ? 3 : 11 }),
};
