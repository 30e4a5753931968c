import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/server/identities.js';
import { until } from '../helpers/approved.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { postgresEngine, postgresUnavailable } from '../helpers/store-engines.js';
import { type Connected, connectHttp } from '../mcp/helpers/clients.js';
import { postToSlackEndpoint, slashCommand } from '../slack/helpers/slack-requests.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

/** Replicas on one PostgreSQL share one audit key, given to each (none is generated for a shared store). */
const AUDIT_KEY = 'slack-replicas-audit-key-0123456789abcdef0123456789';

/**
 * The approver's CLI goes through a replica, as the token's identity: on a shared PostgreSQL store a local CLI user
 * may not approve (and the local CLI is the OS user, who opens the request).
 */
const APPROVER_TOKEN = 'slack-replicas-approver-token-0a1b2c3d4e5f60718293a4b5';
/** An MCP assistant's token, valid at both replicas (one tokens file). */
const ASSISTANT_TOKEN = 'slack-replicas-assistant-token-5b4a39281706f5e4d3c2b1a0';

// biome-ignore lint/suspicious/noExplicitAny: tests read Block Kit JSON
type Json = any;

/**
 * Longer than the announcer's 3 s poll, so while one replica waits for Slack to answer chat.postMessage the other
 * replica's poll surely comes round: without a claim in the store, it posts the same request a second time.
 */
const POST_MS = 3_500;
const POLL_MS = 3_000;

/** clone_image waits for an approver (the CLI opens one); launch_server runs at once, so a second delivery would run it twice. */
const POLICY = `
version: 1
approver_groups: { approvers: { members: [U_APPROVER, approver] } }
roles: { operator: [read, write] }
actors: { '*': [operator] }
operations:
  clone_image: { approval: { approvals: 1, group: approvers } }
  launch_server: { approval: false }
`;

/* Two real `blockops serve` replicas sharing one PostgreSQL database and one slow Slack (skipped, saying why, without a server). */
describe.skipIf(postgresUnavailable !== undefined)('Slack with two blockops serve replicas on one PostgreSQL', () => {
  const db = postgresEngine('slack_replicas');
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let sb: Sandbox;
  let a: SlackServe;
  let b: SlackServe;
  let policyFile: string;
  let tokensFile: string;

  const replica = () =>
    startSlackServe(emu, fake, {
      sandbox: sb,
      policy: POLICY,
      env: { DATABASE_URL: db.url(), BLOCKOPS_AUDIT_KEY: AUDIT_KEY, BLOCKOPS_MCP_TOKENS: tokensFile },
    });

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    fake = await startFakeSlackApi({ delayMs: { 'chat.postMessage': POST_MS } });
    await db.setup();
    sb = await sandbox('blockops-replicas-');
    policyFile = await sb.writePolicy(POLICY);
    tokensFile = await sb.write(
      'tokens.yaml',
      `- identity: approver\n  token_sha256: ${sha256Hex(APPROVER_TOKEN)}\n` +
        `- identity: assistant\n  token_sha256: ${sha256Hex(ASSISTANT_TOKEN)}\n`,
    );
    [a, b] = await Promise.all([replica(), replica()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await emu?.close();
    await db.teardown();
    await sb?.cleanup();
  });

  async function query<T>(text: string, values: unknown[]): Promise<T[]> {
    const client = new pg.Client({ connectionString: db.url() });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The states of the launch requests for servers named `name`, oldest first. */
  const launches = (name: string) =>
    query<{ state: string }>(
      "select state from requests where operation = 'launch_server' and input ->> 'name' = $1 order by created_at",
      [name],
    ).then((rows) => rows.map((r) => r.state));

  /** The CLI in the replicas' working directory, on their database, audit key and policy: the OS user. */
  const cli = (args: string[]) =>
    blockops(
      args,
      {
        ...emulatorEnv(emu),
        DATABASE_URL: db.url(),
        BLOCKOPS_AUDIT_KEY: AUDIT_KEY,
        BLOCKOPS_POLICY: policyFile,
      },
      { cwd: sb.cwd },
    );
  /** The CLI through replica `to`, as the approver's token. */
  const approverCli = (args: string[], to: SlackServe) =>
    blockops(args, { BLOCKOPS_URL: to.url, BLOCKOPS_TOKEN: APPROVER_TOKEN }, { cwd: sb.cwd });

  const approvalPosts = (id: string) =>
    fake.calls.filter(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === 'C_APPROVALS' &&
        !c.body['thread_ts'] &&
        c.shown.includes(id),
    );

  it('announces a CLI-opened request once, and that one message loses its buttons when the request ran', async () => {
    const asked = await cli(['clone-image', '--image', 'cirros', '--name', 'replicas-vol', '--json']);
    expect(asked.code, asked.stderr).toBe(0);
    const id = JSON.parse(asked.stdout).request_id as string;

    const first = await fake.waitFor((c) => approvalPosts(id).includes(c), 20_000, `the approval message of ${id}`);
    // Both replicas poll every 3 s: by now each has seen the request at least twice, while and after Slack answered.
    await new Promise((r) => setTimeout(r, POST_MS + 2 * POLL_MS));
    expect(approvalPosts(id)).toHaveLength(1);

    const approved = await approverCli(['approve-request', '--request-id', id, '--json'], a);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'succeeded' });
    const ts = String(first.response['ts']);
    const final = await fake.waitFor(
      (c) => c.method === 'chat.update' && c.body['ts'] === ts && c.shown.includes('succeeded'),
      20_000,
      'the approval message updated to succeeded',
    );
    expect((final.body['blocks'] as Json[]).some((block) => block.type === 'actions')).toBe(false);
    expect(approvalPosts(id)).toHaveLength(1);
  }, 90_000);

  it('an MCP request over HTTP at one replica: announced once, run once on approval at the other, its status at both', async () => {
    const mcp: Connected[] = [];
    try {
      for (const r of [a, b]) mcp.push(await connectHttp(`${r.url}/mcp`, ASSISTANT_TOKEN));
      const [atA, atB] = mcp as [Connected, Connected];
      const asked = await atB.client.callTool({
        name: 'clone_image',
        arguments: { image: 'cirros', name: 'replicas-mcp-vol', wait_seconds: 0 },
      });
      const pending = asked.structuredContent as { status: string; request_id: string };
      expect(pending.status).toBe('pending_approval');
      const id = pending.request_id;
      await fake.waitFor(
        (c) => approvalPosts(id).length > 0 && approvalPosts(id).includes(c),
        20_000,
        `${id} announced`,
      );

      const approved = await approverCli(['approve-request', '--request-id', id, '--json'], a);
      expect(approved.code, approved.stderr).toBe(0);
      // Either replica's background runner may have claimed the job; the store lets exactly one run it.
      for (const at of [atA, atB]) {
        const status = await until(
          async () =>
            (
              (await at.client.callTool({ name: 'get_request', arguments: { request_id: id } })).structuredContent as {
                status: string;
              }
            ).status,
          (st) => st === 'succeeded' || st === 'failed',
          30_000,
        );
        expect(status).toBe('succeeded');
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
      const listed = await cli(['list-volumes', '--json']);
      const volumes = (JSON.parse(listed.stdout).volumes as { name: string }[]).filter(
        (v) => v.name === 'replicas-mcp-vol',
      );
      expect(volumes).toHaveLength(1);
      expect(approvalPosts(id)).toHaveLength(1);
      const runs = await query<{ event: string }>(
        "select event from audit_log where request_id = $1 and event in ('started', 'succeeded', 'failed') order by seq",
        [id],
      );
      expect(runs.map((r) => r.event)).toEqual(['started', 'succeeded']);
    } finally {
      for (const c of mcp) await c.close();
    }
  }, 120_000);

  /** Sends a slash command to `to` and waits until it ran there; returns the signed body to deliver again. */
  async function launchVia(to: SlackServe, name: string): Promise<string> {
    const body = slashCommand({
      user: 'U_REQUESTER',
      text: `launch image=cirros flavor=m1.tiny network=none name=${name}`,
      responseUrl: fake.responseUrl(name),
    });
    expect((await postToSlackEndpoint(to.url, body)).status).toBe(200);
    expect(
      await until(
        () => launches(name),
        (s) => s.includes('succeeded'),
        30_000,
      ),
    ).toEqual(['succeeded']);
    return body;
  }

  /**
   * Delivers `body` again as Slack's first retry and waits until `to` dropped it, or ran it a second time; answers
   * the launch requests then, and how many retries `to` dropped.
   */
  async function retry(to: SlackServe, body: string, name: string): Promise<{ states: string[]; dropped: number }> {
    const dropped = () => (to.output().match(/slack retry acked and ignored/g) ?? []).length;
    const before = dropped();
    expect((await postToSlackEndpoint(to.url, body, { retryNum: 1 })).status).toBe(200);
    await until(
      () => launches(name),
      (s) => s.length > 1 || dropped() > before,
      20_000,
    );
    // A second run opens its request within moments of the ack: give it that long to show itself.
    await new Promise((r) => setTimeout(r, 1_000));
    return { states: await launches(name), dropped: dropped() - before };
  }

  it('runs a slash command once when Slack retries it to the other replica', async () => {
    const body = await launchVia(a, 'retry-b');
    expect(await retry(b, body, 'retry-b')).toEqual({ states: ['succeeded'], dropped: 1 });
  }, 90_000);

  it('runs a slash command once when Slack retries it to a replica that restarted meanwhile', async () => {
    const body = await launchVia(a, 'retry-restart');
    await a.stop();
    a = await replica();
    expect(await retry(a, body, 'retry-restart')).toEqual({ states: ['succeeded'], dropped: 1 });
  }, 120_000);
});
