import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/mcp/identities.js';
import { startBlockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type EngineFixture, postgresEngine, sqliteEngine } from '../helpers/store-engines.js';
import { connectHttp } from '../mcp/helpers/clients.js';
import { buttonClick, postToSlackEndpoint, SIGNING_SECRET, slashCommand } from '../slack/helpers/slack-requests.js';
import { assertAuditClean, type CloudIds, cloudIds, unrecorded } from './ledger.js';
import { record } from './report.js';

const TOKEN = 'load-token-7f3a9c2e1b0d4f6a8c5e3b1d9f7a2c4e';
const APPROVER = 'U_APPROVER';
const POLICY = `
version: 1
approver_groups: { approvers: { members: [${APPROVER}] } }
roles: { operator: [read, write] }
actors: { '*': [operator] }
operations:
  clone_image: { approval: { approvals: 1, group: approvers } }
`;

interface Timed {
  ok: boolean;
  ms: number;
  what: string;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

function rssMiB(pid: number | undefined): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/**
 * 200 concurrent mixed calls (MCP tool calls over Streamable HTTP and Slack slash commands, reads and writes),
 * then every opened request approved through Slack at once: on SQLite with one `serve`, and on PostgreSQL with
 * two `serve` replicas taking turns. Every call must be answered; each request runs once, is announced once, and
 * nothing is left in the cloud that no request records.
 */
describe.each([
  { engine: sqliteEngine(), replicas: 1 },
  { engine: postgresEngine('load'), replicas: 2 },
] as { engine: EngineFixture; replicas: number }[])(
  'load on $engine.name with $replicas replica(s)',
  ({ engine, replicas }) => {
    let emu: RunningEmulator;
    let fake: FakeSlackApi;
    let sb: Sandbox;
    let serves: Awaited<ReturnType<typeof startBlockops>>[] = [];
    let urls: string[] = [];
    let app: App;
    let before: CloudIds;
    const label = `${engine.name}, ${replicas} replica${replicas > 1 ? 's' : ''}`;

    beforeAll(async () => {
      await engine.setup();
      emu = await startEmulator({ speed: 0 });
      fake = await startFakeSlackApi();
      sb = await sandbox('blockops-load-');
      const tokens = await sb.write('mcp-tokens.yaml', `- identity: loader\n  token_sha256: ${sha256Hex(TOKEN)}\n`);
      const env = {
        ...emulatorEnv(emu),
        DATABASE_URL: engine.url(),
        // Replicas on PostgreSQL share one audit key, given to them (none is generated for a shared store).
        BLOCKOPS_AUDIT_KEY: 'load-test-audit-key-0123456789abcdef0123456789abcdef',
        BLOCKOPS_POLICY: await sb.writePolicy(POLICY),
        BLOCKOPS_MCP_TOKENS: tokens,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_API_URL: fake.url,
        BLOCKOPS_APPROVALS_CHANNEL: 'C_APPROVALS',
      };
      for (let i = 0; i < replicas; i++) {
        serves.push(
          await startBlockops(['serve', '--port', '0'], env, /listening on (http:\/\/127\.0\.0\.1:\d+)/, {
            cwd: sb.cwd,
          }),
        );
      }
      urls = serves.map((s) => s.match[1] as string);
      app = await createApp(await loadConfig({ env, cwd: sb.cwd }));
      before = await cloudIds(app);
    });
    afterAll(async () => {
      await Promise.all(serves.map((s) => s.stop()));
      serves = [];
      await app?.close();
      await fake?.close();
      await emu?.close();
      await sb?.cleanup();
      await engine.teardown();
    });

    it('answers 200 concurrent mixed calls, then runs each approved request once, announced once', async () => {
      const clients = await Promise.all(
        Array.from({ length: 4 }, (_, i) => connectHttp(`${urls[i % urls.length]}/mcp`, TOKEN)),
      );
      let peakRss = 0;
      const sampler = setInterval(() => {
        for (const s of serves) peakRss = Math.max(peakRss, rssMiB(s.child.pid));
      }, 100);
      const started = performance.now();
      const timed = async (what: string, call: () => Promise<boolean>): Promise<Timed> => {
        const t0 = performance.now();
        const ok = await call().catch(() => false);
        return { ok, ms: performance.now() - t0, what };
      };
      const calls: Promise<Timed>[] = [];
      for (let i = 0; i < 100; i++) {
        const c = clients[i % clients.length]!.client;
        const write = i % 5 === 0;
        calls.push(
          timed(write ? 'mcp write' : 'mcp read', async () => {
            const r = write
              ? await c.callTool({ name: 'clone_image', arguments: { image: 'cirros', name: `load-mcp-${i}` } })
              : await c.callTool({ name: i % 2 ? 'list_images' : 'get_health', arguments: {} });
            return !r.isError;
          }),
        );
      }
      for (let i = 0; i < 100; i++) {
        const write = i % 5 === 0;
        const text = write ? `clone image=cirros name=load-slack-${i}` : 'images';
        calls.push(
          timed(write ? 'slack write' : 'slack read', async () => {
            const body = slashCommand({ user: `U_USER${i % 7}`, text, responseUrl: fake.responseUrl(`load-${i}`) });
            return (await postToSlackEndpoint(urls[i % urls.length]!, body)).status === 200;
          }),
        );
      }
      const results = await Promise.all(calls);
      const seconds = (performance.now() - started) / 1000;
      const failed = results.filter((r) => !r.ok).map((r) => r.what);
      const ms = results.map((r) => r.ms);
      const figures =
        `${(results.length / seconds).toFixed(0)} calls/s, p50 ${percentile(ms, 50).toFixed(0)} ms, ` +
        `p99 ${percentile(ms, 99).toFixed(0)} ms`;

      // Every write opened one request; approve them all through Slack at once.
      const deadline = Date.now() + 60_000;
      let pending = await app.services.store.requests.list({ state: 'pending', operation: 'clone_image', limit: 200 });
      while (pending.length < 40 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        pending = await app.services.store.requests.list({ state: 'pending', operation: 'clone_image', limit: 200 });
      }
      const messages = async (id: string) =>
        // Top-level approval messages only: progress and results go to their thread.
        fake.calls.filter(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.body['channel'] === 'C_APPROVALS' &&
            !c.body['thread_ts'] &&
            c.shown.includes(id),
        );
      for (const row of pending)
        await fake.waitFor((c) => c.method === 'chat.postMessage' && c.shown.includes(row.id), 30_000, row.id);
      const approvals = await Promise.all(
        pending.map(async (row, i) => {
          const posted = (await messages(row.id))[0]!;
          const body = buttonClick({
            user: APPROVER,
            actionId: 'blockops_approve',
            value: row.id,
            channel: 'C_APPROVALS',
            messageTs: String(posted.response['ts']),
          });
          return (await postToSlackEndpoint(urls[i % urls.length]!, body)).status;
        }),
      );
      const ids = pending.map((r) => r.id);
      const finalDeadline = Date.now() + 90_000;
      let done = await Promise.all(ids.map((id) => app.services.store.requests.get(id)));
      while (done.some((r) => !['succeeded', 'failed'].includes(r?.state ?? '')) && Date.now() < finalDeadline) {
        await new Promise((r) => setTimeout(r, 300));
        done = await Promise.all(ids.map((id) => app.services.store.requests.get(id)));
      }
      clearInterval(sampler);
      await Promise.all(clients.map((c) => c.close()));

      const starts = await Promise.all(
        ids.map(
          async (id) =>
            (await app.services.store.audit.query({ resource: id })).filter((e) => e.event === 'started').length,
        ),
      );
      const announced = await Promise.all(ids.map(async (id) => (await messages(id)).length));
      const lost = await unrecorded(app, before);
      const held =
        failed.length === 0 &&
        pending.length === 40 &&
        approvals.every((s) => s === 200) &&
        done.every((r) => r?.state === 'succeeded') &&
        starts.every((n) => n === 1) &&
        announced.every((n) => n === 1) &&
        lost.length === 0;
      record({
        suite: 'load',
        case: `200 mixed calls + 40 approvals (${label})`,
        held,
        figures: `${figures}, peak RSS ${peakRss} MiB`,
      });

      expect(failed).toEqual([]);
      expect(pending).toHaveLength(40);
      expect(approvals.every((s) => s === 200)).toBe(true);
      expect(done.map((r) => r?.state)).toEqual(ids.map(() => 'succeeded'));
      expect(starts).toEqual(ids.map(() => 1));
      expect(announced).toEqual(ids.map(() => 1));
      expect(lost).toEqual([]);
      await assertAuditClean(app);
    });
  },
);
