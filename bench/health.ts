import { type Bench, MiB, median, ms, type Row } from './figures.js';
import { withSeededFleet } from './seeded-fleet.js';

/** get_health and get_failover_status in a running app on an emulator seeded with `volumes` volumes, 3 nodes. */
async function healthAt(volumes: number, servers: number, runs: number, limitMs: number): Promise<Row[]> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  return withSeededFleet({ volumes, servers }, async ({ app, server, scale }) => {
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
    const health = await time('get_health', {});
    const failover = await time('get_failover_status', { server });
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
  });
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
