import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startEmulator } from '../../src/emulator/index.js';
import { until } from '../helpers/approved.js';
import { startBlockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import {
  hasPrometheus,
  PROMETHEUS_MANIFESTS,
  type PromAlert,
  type RunningPrometheus,
  startPrometheus,
} from '../helpers/prometheus.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { postgresEngine } from '../helpers/store-engines.js';
import { freePort } from '../mcp/helpers/processes.js';

const SHIPPED = readFileSync(join(PROMETHEUS_MANIFESTS, 'alerts.yaml'), 'utf8');
/**
 * The shipped rules with every `for:` cut to 2s, expressions untouched: with the shipped minute a node-down alert
 * takes over a minute to fire, too slow for CI. The `for:` durations themselves are checked by promtool's unit
 * tests (test/server/prometheus-rules.test.ts); this test proves the expressions against what serve really exports.
 */
const HASTY = SHIPPED.replace(/^(\s+for: )\S+$/gm, '$12s');

const exprs = (yaml: string) =>
  (parse(yaml) as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) =>
    g.rules.map((r) => `${r.alert}: ${r.expr}`),
  );
const named = (name: string) => (alerts: PromAlert[]) => alerts.filter((a) => a.labels['alertname'] === name);
const nodeDown = named('BlockopsLightbitsNodeDown');
const degraded = named('BlockopsVolumesDegraded');
const LISTENING = /listening on http:\/\/(\S+?)[\s(]/;

/** What Prometheus scrapes: one or more `blockops serve` on one emulated cloud. */
interface Deployment {
  /** The emulator's base URL, for its /_emulator/… fault calls. */
  emulatorUrl: string;
  stop(): Promise<void>;
}

/** One `blockops serve` with no cloud configured: it starts its built-in emulator and says where. */
async function oneServeOnItsEmulator(sb: Sandbox, [port]: number[]): Promise<Deployment> {
  const serve = await startBlockops(
    ['serve', '--port', String(port)],
    sb.env({ BLOCKOPS_WATCH_INTERVAL: '1' }),
    LISTENING,
    { cwd: sb.cwd },
  );
  const emu = /using the built-in emulator at (http:\/\/[\w.:[\]-]+)/.exec(serve.output());
  if (!emu?.[1]) {
    await serve.stop();
    throw new Error(`serve did not say where its emulator is:\n${serve.output()}`);
  }
  return { emulatorUrl: emu[1], stop: serve.stop };
}

/** Two `blockops serve` replicas sharing a PostgreSQL store (and so the watcher lease) on one emulator. */
async function twoServesOnPostgres(sb: Sandbox, ports: number[]): Promise<Deployment> {
  const engine = postgresEngine('prometheus');
  await engine.setup();
  const emu = await startEmulator({ speed: 0 });
  const env = sb.env({
    ...emulatorEnv(emu),
    DATABASE_URL: engine.url(),
    // Replicas on PostgreSQL share one audit key, given to them (none is generated for a shared store).
    BLOCKOPS_AUDIT_KEY: 'prometheus-test-audit-key-0123456789abcdef0123456789',
    BLOCKOPS_WATCH_INTERVAL: '1',
  });
  const serves: Awaited<ReturnType<typeof startBlockops>>[] = [];
  const stop = async () => {
    await Promise.all(serves.map((s) => s.stop()));
    await emu.close();
    await engine.teardown();
  };
  try {
    // One after the other: the first one migrates the new schema.
    for (const port of ports)
      serves.push(await startBlockops(['serve', '--port', String(port)], env, LISTENING, { cwd: sb.cwd }));
  } catch (e) {
    await stop();
    throw e;
  }
  return { emulatorUrl: emu.url, stop };
}

/**
 * A real Prometheus (Debian's package) scrapes real `blockops serve` processes on an emulated cloud every second and
 * evaluates the shipped alert rules: failing a Lightbits node fires BlockopsLightbitsNodeDown for that node only
 * and BlockopsVolumesDegraded for the volumes it held a replica of; bringing it back clears both. With two
 * replicas, each alert fires once, not once per replica.
 */
describe.skipIf(!hasPrometheus)(
  'Prometheus alerts on blockops serve (skipped when /usr/bin/prometheus is absent)',
  () => {
    it('loads the shipped expressions unchanged', () => {
      expect(HASTY).not.toBe(SHIPPED);
      expect(exprs(HASTY)).toEqual(exprs(SHIPPED));
    });

    describe.each([
      { name: 'one serve on its built-in emulator', replicas: 1, start: oneServeOnItsEmulator },
      { name: 'two serve replicas on PostgreSQL', replicas: 2, start: twoServesOnPostgres },
    ])('$name', ({ replicas, start }) => {
      let sb: Sandbox;
      let deployment: Deployment;
      let prom: RunningPrometheus;
      let targets: string[];

      beforeAll(async () => {
        sb = await sandbox('blockops-prometheus-');
        const ports: number[] = [];
        for (let i = 0; i < replicas; i++) ports.push(await freePort());
        targets = ports.map((p) => `127.0.0.1:${p}`);
        // Prometheus starts meanwhile: it scrapes the ports it is given once they answer.
        const [d, p] = await Promise.allSettled([
          start(sb, ports),
          startPrometheus({ targets, rules: [{ name: 'alerts.yaml', content: HASTY }] }),
        ]);
        if (d.status === 'fulfilled') deployment = d.value;
        if (p.status === 'fulfilled') prom = p.value;
        for (const r of [d, p]) if (r.status === 'rejected') throw r.reason;
      });
      afterAll(async () => {
        await prom?.stop();
        await deployment?.stop();
        await sb?.cleanup();
      });

      const emulator = async (path: string) => {
        const res = await fetch(`${deployment.emulatorUrl}/_emulator${path}`, { method: 'POST' });
        expect(res.status, path).toBe(200);
      };
      const nodesUp = () => prom.query('min by (node) (blockops_lightbits_node_up)', 'node');

      it('scrapes /metrics of every serve, one of which holds the watcher lease', async () => {
        const everyTarget = Object.fromEntries(targets.map((t) => [t, 1]));
        const up = await until(
          () => prom.query('up', 'instance'),
          (u) => isDeepStrictEqual(u, everyTarget),
          30_000,
        );
        expect(up).toEqual(everyTarget);
        const leaders = await until(
          () => prom.query('sum(blockops_watcher_is_leader)', ''),
          (l) => l[''] === 1,
          30_000,
        );
        expect(leaders).toEqual({ '': 1 });
      });

      it('fires BlockopsLightbitsNodeDown and BlockopsVolumesDegraded for a failed node, and clears both when it is back', async () => {
        const allUp = { 'server00-0': 1, 'server01-0': 1, 'server02-0': 1 };
        expect(await until(nodesUp, (n) => isDeepStrictEqual(n, allUp), 30_000)).toEqual(allUp);
        expect(nodeDown(await prom.alerts())).toEqual([]);

        await emulator('/lightbits/nodes/0/fail');
        const firing = await until(
          async () => nodeDown(await prom.alerts()),
          (a) => a.some((x) => x.state === 'firing'),
          30_000,
        );
        expect(firing.map((a) => ({ state: a.state, labels: a.labels, summary: a.annotations['summary'] }))).toEqual([
          {
            state: 'firing',
            labels: {
              alertname: 'BlockopsLightbitsNodeDown',
              job: 'blockops',
              node: 'server00-0',
              severity: 'warning',
            },
            summary: 'Lightbits node server00-0 is not Active',
          },
        ]);
        expect(await nodesUp()).toEqual({ ...allUp, 'server00-0': 0 });

        // The volumes with a replica on that node are no longer fully protected, as every replica sees; the alert
        // counts them once, whatever their state.
        const perReplica = await until(
          () => prom.query('sum by (instance) (blockops_volumes{protection_state!="FullyProtected"})', 'instance'),
          (v) => Object.keys(v).length === replicas && new Set(Object.values(v)).size === 1,
          30_000,
        );
        const [unprotected] = new Set(Object.values(perReplica));
        expect(Object.keys(perReplica)).toHaveLength(replicas);
        expect(unprotected).toBeGreaterThan(0);
        const volumes = await until(
          async () => degraded(await prom.alerts()),
          (a) => a.some((x) => x.state === 'firing' && Number(x.value) === unprotected),
          30_000,
        );
        expect(volumes.map((a) => ({ state: a.state, labels: a.labels, value: Number(a.value) }))).toEqual([
          {
            state: 'firing',
            labels: { alertname: 'BlockopsVolumesDegraded', job: 'blockops', severity: 'warning' },
            value: unprotected,
          },
        ]);

        await emulator('/lightbits/nodes/0/restore');
        expect(await until(nodesUp, (n) => isDeepStrictEqual(n, allUp), 30_000)).toEqual(allUp);
        const cleared = await until(
          async () => {
            const alerts = await prom.alerts();
            return [...nodeDown(alerts), ...degraded(alerts)];
          },
          (a) => a.length === 0,
          30_000,
        );
        expect(cleared).toEqual([]);
        // The watcher kept polling all along: its staleness alert is not active.
        expect(named('BlockopsWatcherStale')(await prom.alerts())).toEqual([]);
      });
    });
  },
);
