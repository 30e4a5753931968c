import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { until } from '../helpers/approved.js';
import { startBlockops } from '../helpers/cli.js';
import {
  hasPrometheus,
  PROMETHEUS_MANIFESTS,
  type PromAlert,
  type RunningPrometheus,
  startPrometheus,
} from '../helpers/prometheus.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
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

/**
 * A real Prometheus (Debian's package) scrapes a real `blockops serve` on its built-in emulator every second and
 * evaluates the shipped alert rules: failing a Lightbits node fires BlockopsLightbitsNodeDown for that node only
 * and BlockopsVolumesDegraded for the volumes it held a replica of; bringing it back clears both.
 */
describe.skipIf(!hasPrometheus)(
  'Prometheus alerts on blockops serve (skipped when /usr/bin/prometheus is absent)',
  () => {
    let sb: Sandbox;
    let serve: Awaited<ReturnType<typeof startBlockops>>;
    let prom: RunningPrometheus;
    let emulatorUrl: string;

    beforeAll(async () => {
      sb = await sandbox('blockops-prometheus-');
      serve = await startBlockops(
        ['serve', '--port', String(await freePort())],
        sb.env({ BLOCKOPS_WATCH_INTERVAL: '1' }),
        /listening on http:\/\/(\S+?)[\s(]/,
        { cwd: sb.cwd },
      );
      const emu = /using the built-in emulator at (http:\/\/\S+?)\.?\s/.exec(serve.output());
      if (!emu?.[1]) throw new Error(`serve did not say where its emulator is:\n${serve.output()}`);
      emulatorUrl = emu[1];
      prom = await startPrometheus({
        targets: [serve.match[1] ?? ''],
        rules: [{ name: 'alerts.yaml', content: HASTY }],
      });
    });
    afterAll(async () => {
      await prom?.stop();
      await serve?.stop();
      await sb?.cleanup();
    });

    const emulator = async (path: string) => {
      const res = await fetch(`${emulatorUrl}/_emulator${path}`, { method: 'POST' });
      expect(res.status, path).toBe(200);
    };
    const nodesUp = () => prom.query('blockops_lightbits_node_up', 'node');

    it('loads the shipped expressions unchanged', () => {
      expect(HASTY).not.toBe(SHIPPED);
      expect(exprs(HASTY)).toEqual(exprs(SHIPPED));
    });

    it('scrapes /metrics of blockops serve', async () => {
      expect(
        await until(
          () => prom.query('up', 'job'),
          (u) => u['blockops'] === 1,
          30_000,
        ),
      ).toEqual({ blockops: 1 });
    });

    it('fires BlockopsLightbitsNodeDown and BlockopsVolumesDegraded for a failed node, and clears both when it is back', async () => {
      const allUp = { 'server00-0': 1, 'server01-0': 1, 'server02-0': 1 };
      expect(await until(nodesUp, (n) => JSON.stringify(n) === JSON.stringify(allUp), 30_000)).toEqual(allUp);
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
          labels: { alertname: 'BlockopsLightbitsNodeDown', job: 'blockops', node: 'server00-0', severity: 'warning' },
          summary: 'Lightbits node server00-0 is not Active',
        },
      ]);
      expect(await nodesUp()).toEqual({ ...allUp, 'server00-0': 0 });
      // The volumes with a replica on that node are no longer fully protected: counted once, whatever their state.
      const volumes = await until(
        async () => degraded(await prom.alerts()),
        (a) => a.some((x) => x.state === 'firing'),
        30_000,
      );
      const unprotected = await prom.query('sum(blockops_volumes{protection_state!="FullyProtected"})', '');
      expect(unprotected['']).toBeGreaterThan(0);
      expect(volumes.map((a) => ({ state: a.state, labels: a.labels, value: Number(a.value) }))).toEqual([
        {
          state: 'firing',
          labels: { alertname: 'BlockopsVolumesDegraded', job: 'blockops', severity: 'warning' },
          value: unprotected[''],
        },
      ]);

      await emulator('/lightbits/nodes/0/restore');
      const cleared = await until(
        async () => {
          const alerts = await prom.alerts();
          return [...nodeDown(alerts), ...degraded(alerts)];
        },
        (a) => a.length === 0,
        30_000,
      );
      expect(cleared).toEqual([]);
      expect(await nodesUp()).toEqual(allUp);
      // The watcher kept polling all along: its staleness alert is not active.
      const stale = (await prom.alerts()).filter((a) => a.labels['alertname'] === 'BlockopsWatcherStale');
      expect(stale).toEqual([]);
    });
  },
);
