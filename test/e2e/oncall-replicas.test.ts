import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { until } from '../helpers/approved.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { bulkSeed } from '../helpers/emulator-seed.js';
import { type FakeSlackApi, type SlackCall, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { postgresEngine } from '../helpers/store-engines.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

const AUDIT_KEY = 'oncall-replicas-audit-key-0123456789abcdef0123456789ab';
const INTERVAL_S = 1;
/** Scheduling on a busy machine: two intervals, plus this much for a cycle to read and Slack to be called. */
const MARGIN_MS = 1_500;

interface Blast {
  io_lost: { id: string; name: string }[];
  failed_over: { id: string; name: string }[];
  single_replica: { id: string; name: string }[];
}

/**
 * Two real `blockops serve` replicas on one PostgreSQL, watching an emulator (3 Lightbits nodes, two replicas per
 * volume, 8 servers) every second, with Slack's Web API faked: a node failure is one incident and one message,
 * named as get_blast_radius predicted, visible on /metrics; a second failure raises it; a restart continues it;
 * restoring the nodes resolves it.
 */
describe('on-call incidents with two blockops serve replicas on one PostgreSQL', () => {
  const db = postgresEngine('oncall_replicas');
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let sb: Sandbox;
  let a: SlackServe;
  let b: SlackServe;
  let one: Blast;
  let two: Blast;

  const replica = () =>
    startSlackServe(emu, fake, {
      sandbox: sb,
      env: {
        DATABASE_URL: db.url(),
        BLOCKOPS_AUDIT_KEY: AUDIT_KEY,
        BLOCKOPS_WATCH_INTERVAL: String(INTERVAL_S),
        BLOCKOPS_ONCALL_CHANNEL: 'C_ONCALL',
        BLOCKOPS_ONCALL_MENTION: 'S0ONCALL',
      },
    });
  const cli = (args: string[]) =>
    blockops(args, { ...emulatorEnv(emu), DATABASE_URL: db.url(), BLOCKOPS_AUDIT_KEY: AUDIT_KEY }, { cwd: sb.cwd });
  const json = async (args: string[]) => {
    const r = await cli([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  const posts = () => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C_ONCALL');
  const metrics = async (s: SlackServe) => (await fetch(`${s.url}/metrics`)).text();
  const gauge = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  const names = (vms: { name: string }[]) => vms.map((v) => v.name).sort();
  const mentions = (c: SlackCall, vms: { name: string }[]) => vms.every((v) => c.shown.includes(v.name));

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0, nodes: 3, replicas: 2, seed: bulkSeed({ servers: 8, volumes: 3 }) });
    fake = await startFakeSlackApi();
    await db.setup();
    sb = await sandbox('blockops-oncall-');
    [a, b] = await Promise.all([replica(), replica()]);
    one = (await json(['get-blast-radius', '--nodes', 'server00-0'])).blast_radius;
    two = (await json(['get-blast-radius', '--nodes', 'server00-0,server01-0'])).blast_radius;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await emu?.close();
    await db.teardown();
    await sb?.cleanup();
  });

  it('posts one incident message within two polling intervals of a node failure, naming the predicted VMs', async () => {
    expect(one.failed_over.length + one.single_replica.length).toBeGreaterThan(0);
    const failedAt = Date.now();
    await emu.faults.failLightbitsNode(0);
    const first = await fake.waitFor((c) => posts().includes(c), 10_000, 'the incident message');
    expect(first.at - failedAt).toBeLessThan(2 * INTERVAL_S * 1000 + MARGIN_MS);
    // Both replicas poll every second: give them several rounds to post a second one.
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));
    expect(posts().filter((c) => !c.body['thread_ts'])).toHaveLength(1);
    const shown = await fake.waitFor(
      (c) =>
        (c === first || c.method === 'chat.update') &&
        c.shown.includes('Inactive') &&
        mentions(c, one.single_replica.slice(0, 5)),
      10_000,
      'the message naming the VMs on a single replica',
    );
    expect(shown.shown).toContain('single replica');
    expect(shown.shown).not.toContain('subteam'); // the mention is for I/O loss only

    const [incident] = (await json(['list-incidents', '--status', 'open'])).incidents;
    expect(incident).toMatchObject({ key: 'lightbits', severity: 'single_replica' });
    const full = await json(['get-incident', '--id', incident.id]);
    expect(names(full.blast_radius.failed_over)).toEqual(names(one.failed_over));
    expect(names(full.blast_radius.single_replica)).toEqual(names(one.single_replica));
  }, 60_000);

  it('shows the failure on /metrics of both replicas, with exactly one of them leading', async () => {
    // Each replica refreshes its gauges on its own cycle: under load the follower's may lag the leader's by one.
    const settled = (m: string) =>
      gauge(m, 'blockops_lightbits_node_state{node="server00-0",state="Inactive"}') === 1 &&
      gauge(m, 'blockops_incidents_open{severity="single_replica"}') === 1;
    const [ma, mb] = await until(
      () => Promise.all([metrics(a), metrics(b)]),
      (both) => both.every(settled),
    );
    for (const m of [ma, mb]) {
      expect(gauge(m, 'blockops_lightbits_node_up{node="server00-0"}')).toBe(0);
      expect(gauge(m, 'blockops_lightbits_node_up{node="server01-0"}')).toBe(1);
      expect(gauge(m, 'blockops_lightbits_node_state{node="server00-0",state="Active"}')).toBe(0);
      expect(gauge(m, 'blockops_lightbits_node_state{node="server00-0",state="Inactive"}')).toBe(1);
      expect(gauge(m, 'blockops_incidents_open{severity="single_replica"}')).toBe(1);
      expect(gauge(m, 'blockops_vms_at_risk{risk="single_replica"}')).toBe(one.single_replica.length);
      expect(gauge(m, 'blockops_volumes{protection_state="ReadOnly"}')).toBeGreaterThan(0);
      expect(gauge(m, 'blockops_watcher_cluster_reachable')).toBe(1);
      expect(gauge(m, 'blockops_last_failover_timestamp_seconds')).toBeGreaterThan(0);
    }
    const leaders = [ma, mb].map((m) => gauge(m, 'blockops_watcher_is_leader'));
    expect(leaders.sort()).toEqual([0, 1]);
  });

  it('raises the same incident to io_lost when a second node fails, names those VMs and mentions the group', async () => {
    expect(two.io_lost.length).toBeGreaterThan(0);
    await emu.faults.failLightbitsNode(1);
    const raised = await fake.waitFor(
      (c) => c.method === 'chat.update' && c.shown.includes('I/O lost') && mentions(c, two.io_lost.slice(0, 5)),
      15_000,
      'the message raised to I/O lost',
    );
    expect(raised.shown).toContain('<!subteam^S0ONCALL>');
    await fake.waitFor(
      (c) => posts().includes(c) && c.body['thread_ts'] !== undefined && c.shown.includes('server01-0'),
      10_000,
      'a thread entry about the second node',
    );
    const open = (await json(['list-incidents', '--status', 'open'])).incidents;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'io_lost', peak_severity: 'io_lost' });
    expect(posts().filter((c) => !c.body['thread_ts'])).toHaveLength(1);
  }, 60_000);

  it('continues the same incident and message after both replicas restart', async () => {
    const before = (await json(['list-incidents', '--status', 'open'])).incidents[0].id;
    await Promise.all([a.stop(), b.stop()]);
    const restartedAt = Date.now();
    [a, b] = await Promise.all([replica(), replica()]);
    const ts = posts().find((c) => !c.body['thread_ts'])!.response['ts'];
    // The new leader finds the message beside the incident and brings it up to date, instead of posting again.
    await fake.waitFor(
      (c) => c.method === 'chat.update' && c.body['ts'] === ts && c.at > restartedAt,
      15_000,
      'the message updated by a restarted replica',
    );
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));
    const open = (await json(['list-incidents', '--status', 'open'])).incidents;
    expect(open.map((i: { id: string }) => i.id)).toEqual([before]);
    expect(posts().filter((c) => !c.body['thread_ts'])).toHaveLength(1);
  }, 90_000);

  it('resolves it once the nodes are back: the message says how long it lasted, the gauges clear', async () => {
    await emu.faults.restoreLightbitsNode(0);
    await emu.faults.restoreLightbitsNode(1);
    const ts = posts().find((c) => !c.body['thread_ts'])!.response['ts'];
    const done = await fake.waitFor(
      (c) => c.method === 'chat.update' && c.body['ts'] === ts && c.shown.includes('Resolved after'),
      20_000,
      'the resolved message',
    );
    expect(done.shown).toContain('Timeline');
    expect((await json(['list-incidents', '--status', 'open'])).incidents).toEqual([]);
    const m = await metrics(a);
    expect(gauge(m, 'blockops_incidents_open{severity="io_lost"}')).toBe(0);
    expect(gauge(m, 'blockops_vms_at_risk{risk="io_lost"}')).toBe(0);
    expect(gauge(m, 'blockops_lightbits_node_up{node="server00-0"}')).toBe(1);
    expect(posts().filter((c) => !c.body['thread_ts'])).toHaveLength(1);
  }, 60_000);
});
