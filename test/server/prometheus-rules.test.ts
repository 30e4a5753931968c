import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliName } from '../../src/core/engine/operation.js';
import { allOperations } from '../../src/core/operations.js';
import { hasPromtool, PROMETHEUS_MANIFESTS, promtool } from '../helpers/prometheus.js';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface AlertTest {
  alertname: string;
  exp_alerts?: unknown[] | null;
}

const read = (file: string) => readFileSync(join(PROMETHEUS_MANIFESTS, file), 'utf8');
const rules = (parse(read('alerts.yaml')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const unitTests = (parse(read('alerts.test.yaml')) as { tests: { alert_rule_test: AlertTest[] }[] }).tests.flatMap(
  (t) => t.alert_rule_test,
);

/** The alert names and metric names both issue-14 helpers agreed on (issues/metrics-contract.md). */
const CONTRACT_ALERTS = [
  'BlockopsLightbitsNodeDown',
  'BlockopsVolumesDegraded',
  'BlockopsVMsWithoutIO',
  'BlockopsWatcherStale',
];
const CONTRACT_METRICS = [
  'blockops_lightbits_node_state',
  'blockops_lightbits_node_up',
  'blockops_volumes',
  'blockops_vms_at_risk',
  'blockops_incidents_open',
  'blockops_incident_oldest_open_age_seconds',
  'blockops_last_failover_timestamp_seconds',
  'blockops_watcher_poll_duration_seconds',
  'blockops_watcher_poll_errors_total',
  'blockops_watcher_last_success_timestamp_seconds',
  'blockops_watcher_cluster_reachable',
  'blockops_watcher_is_leader',
];

describe('the shipped Prometheus alert rules (manifests/prometheus)', () => {
  it('alert on exactly the agreed names, each with a severity, a summary, a description and a runbook', () => {
    expect([...new Set(rules.map((r) => r.alert))].sort()).toEqual([...CONTRACT_ALERTS].sort());
    for (const r of rules) {
      expect(['warning', 'critical'], r.alert).toContain(r.labels?.['severity']);
      for (const a of ['summary', 'description', 'runbook'])
        expect(r.annotations?.[a]?.trim().length, `${r.alert} ${a}`).toBeGreaterThan(20);
    }
    expect(rules.find((r) => r.alert === 'BlockopsVMsWithoutIO')?.labels?.['severity']).toBe('critical');
  });

  it('read only metrics of the contract', () => {
    const used = new Set(rules.flatMap((r) => r.expr.match(/\bblockops_[a-z_]+/g) ?? []));
    expect(used.size).toBeGreaterThanOrEqual(5);
    for (const m of used) expect(CONTRACT_METRICS, m).toContain(m);
  });

  it('name in their runbooks only commands and MCP tools blockops has', () => {
    const runbooks = rules.map((r) => r.annotations?.['runbook'] ?? '').join('\n');
    const commands = new Set([...runbooks.matchAll(/\bblockops ([a-z]+(?:-[a-z]+)+)/g)].map((m) => m[1]));
    const tools = new Set(
      [...runbooks.matchAll(/MCP: ([a-z_, ]+)/g)].flatMap((m) => (m[1] ?? '').split(',').map((t) => t.trim())),
    );
    expect([...commands]).toEqual(
      expect.arrayContaining(['list-incidents', 'get-failover-status', 'get-blast-radius']),
    );
    expect([...tools]).toEqual(expect.arrayContaining(['list_incidents', 'get_failover_status', 'get_blast_radius']));
    const names = allOperations.map((o) => o.name as string);
    for (const c of commands) expect(names.map(cliName), `blockops ${c}`).toContain(c);
    for (const t of tools) expect(names, `MCP ${t}`).toContain(t);
  });

  it('have a promtool unit test of each alert firing and of it not firing', () => {
    for (const name of CONTRACT_ALERTS) {
      const cases = unitTests.filter((t) => t.alertname === name);
      expect(
        cases.some((t) => (t.exp_alerts ?? []).length > 0),
        `${name} firing`,
      ).toBe(true);
      expect(
        cases.some((t) => (t.exp_alerts ?? []).length === 0),
        `${name} not firing`,
      ).toBe(true);
    }
  });
});

// Debian's promtool comes with the `prometheus` package, which .ci/run installs; a machine without it cannot check.
describe.skipIf(!hasPromtool)('promtool on the shipped rules (skipped when /usr/bin/promtool is absent)', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    for (const d of scratch) await rm(d, { recursive: true, force: true });
  });

  it('`promtool check rules` finds all five rules valid, without lint findings', async () => {
    const r = await promtool(['check', 'rules', 'alerts.yaml']);
    expect(r.output).toContain('SUCCESS: 5 rules found');
    expect(r.output).not.toContain('FAILED');
    expect(r.code).toBe(0);
  });

  it('`promtool test rules` passes the unit tests', async () => {
    const r = await promtool(['test', 'rules', 'alerts.test.yaml']);
    expect(r.output).toContain('SUCCESS');
    expect(r.output).not.toContain('FAILED');
    expect(r.code).toBe(0);
  });

  it('`promtool check config` accepts the example prometheus.yml and the rule file it loads', async () => {
    const r = await promtool(['check', 'config', 'prometheus.yml']);
    expect(r.output).toContain('SUCCESS: 1 rule files found');
    expect(r.output).toContain('SUCCESS: 5 rules found');
    expect(r.code).toBe(0);
  });

  it('the unit tests catch a rule that fires too early (a node-down `for:` cut to 10s)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blockops-promtool-'));
    scratch.push(dir);
    const alerts = read('alerts.yaml');
    const hasty = alerts.replace(/(alert: BlockopsLightbitsNodeDown[\s\S]*?)for: 1m/, '$1for: 10s');
    expect(hasty).not.toBe(alerts);
    await writeFile(join(dir, 'alerts.yaml'), hasty);
    await writeFile(join(dir, 'alerts.test.yaml'), read('alerts.test.yaml'));
    const r = await promtool(['test', 'rules', 'alerts.test.yaml'], dir);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/alertname: BlockopsLightbitsNodeDown, time: 1m30s/);
  });
});
