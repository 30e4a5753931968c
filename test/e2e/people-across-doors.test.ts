import { userInfo } from 'node:os';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/mcp/identities.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type FakeSlackApi, type SlackCall, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Connected, connectHttp, texts } from '../mcp/helpers/clients.js';
import { buttonClick, postToSlackEndpoint } from '../slack/helpers/slack-requests.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read deep JSON
type Json = Record<string, any>;

const ALICE_TOKEN = 'alice-assistant-token-5f0c2b7d9e1a4c3b8d6e0f1a2b3c4d5e';
const VIEWER_TOKEN = 'viewer-token-9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
/* The CLI through `blockops serve` acts as its token's identity: Bob's and Carol's logins. */
const BOB_CLI_TOKEN = 'bob-cli-token-0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6';
const CAROL_CLI_TOKEN = 'carol-cli-token-6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0';
/* A local CLI on the database acts as the operating-system user running it: here, Alice's login. */
const OS_USER = userInfo().username;
const APPROVE = 'blockops_approve';

/*
 * Alice is U0ALICE in Slack, `alice` at the CLI (and the OS user running these tests, listed in another case, is her
 * login at the local CLI), and the person behind the `alice-assistant` MCP token.
 */
const POLICY = {
  version: 1,
  approver_groups: { approvers: { members: ['alice', 'bob'] } },
  people: {
    alice: { slack: ['U0ALICE'], cli: ['alice', OS_USER.toUpperCase()] },
    bob: { slack: ['U0BOB'], cli: ['bob'] },
  },
  roles: { operator: ['read', 'write'], viewer: ['read'] },
  actors: { '*': ['operator'], 'viewer-bot': ['viewer'] },
  operations: {
    clone_image: { approval: { approvals: 1, group: 'approvers' } },
    launch_server: { approval: { approvals: 2, group: 'approvers' } },
  },
};

/* One `blockops serve` with both doors: Slack (signed requests, a fake Web API) and MCP over HTTP (bearer tokens). */
describe('one person across Slack, MCP and the CLI', () => {
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let serve: SlackServe;
  let alice: Connected;
  let viewer: Connected;
  let tokensDir: Sandbox;
  let policy: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    fake = await startFakeSlackApi();
    tokensDir = await sandbox('blockops-tokens-');
    const tokens = await tokensDir.write(
      'mcp-tokens.yaml',
      `- identity: alice-assistant\n  token_sha256: ${sha256Hex(ALICE_TOKEN)}\n  person: alice\n` +
        `- identity: viewer-bot\n  token_sha256: ${sha256Hex(VIEWER_TOKEN)}\n  read_only: true\n` +
        `- identity: bob\n  token_sha256: ${sha256Hex(BOB_CLI_TOKEN)}\n` +
        `- identity: carol\n  token_sha256: ${sha256Hex(CAROL_CLI_TOKEN)}\n`,
    );
    // The CLI processes below read the same policy as the server.
    policy = await tokensDir.writePolicy(POLICY);
    serve = await startSlackServe(emu, fake, {
      env: { BLOCKOPS_POLICY: policy, BLOCKOPS_MCP_TOKENS: tokens, BLOCKOPS_APPROVERS: '' },
    });
    alice = await connectHttp(`${serve.url}/mcp`, ALICE_TOKEN);
    viewer = await connectHttp(`${serve.url}/mcp`, VIEWER_TOKEN);
  });
  afterAll(async () => {
    await alice?.close();
    await viewer?.close();
    await serve?.stop();
    await fake?.close();
    await emu?.close();
    await tokensDir?.cleanup();
  });

  function sql<T>(query: string, ...args: unknown[]): T {
    const db = new Database(serve.dbPath, { readonly: true });
    try {
      return db.prepare(query).get(...args) as T;
    } finally {
      db.close();
    }
  }
  const stateOf = (id: string) => sql<{ state: string }>('select state from requests where id = ?', id).state;
  const approvalFor = (name: string) =>
    fake.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C_APPROVALS' && c.shown.includes(name),
      20_000,
      `the approval message for ${name}`,
    );
  const click = (user: string, approval: SlackCall, id: string) =>
    postToSlackEndpoint(
      serve.url,
      buttonClick({
        user,
        actionId: APPROVE,
        value: id,
        channel: 'C_APPROVALS',
        messageTs: String(approval.response['ts']),
      }),
    );
  /** The CLI on the server's database: it acts as the OS user, Alice's login. */
  const localCli = (args: string[]) =>
    blockops(args, {
      ...emulatorEnv(emu),
      DATABASE_URL: serve.dbPath,
      BLOCKOPS_POLICY: policy,
      BLOCKOPS_LOG_LEVEL: 'warn',
    });
  /** The CLI through the server, as the identity of `token`. */
  const remoteCli = (args: string[], token: string) =>
    blockops(args, { BLOCKOPS_URL: serve.url, BLOCKOPS_TOKEN: token, BLOCKOPS_LOG_LEVEL: 'warn' });

  async function askAsAlice(name: string): Promise<string> {
    const r = await alice.client.callTool({ name: 'clone_image', arguments: { image: 'cirros', name } });
    expect(r.isError, texts(r)).toBeFalsy();
    return (r.structuredContent as Json)['request_id'];
  }

  it("refuses Alice's Slack id approving what her assistant asked for over MCP", async () => {
    const id = await askAsAlice('alice-vol');
    const approval = await approvalFor('alice-vol');
    expect((await click('U0ALICE', approval, id)).status).toBe(200);
    const refusal = await fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body['user'] === 'U0ALICE' && c.shown.includes(id),
    );
    expect(refusal.shown).toContain('SELF_APPROVAL');
    expect(stateOf(id)).toBe('pending');
    // Nor at the CLI, under her login (listed in the policy in another case).
    const asCli = await localCli(['approve-request', '--request-id', id]);
    expect(asCli.code).not.toBe(0);
    expect(asCli.stderr).toContain('APPROVAL.SELF_APPROVAL');
    // Bob, from Slack, may.
    await click('U0BOB', approval, id);
    await fake.waitFor(
      (c) => c.method === 'chat.update' && c.body['ts'] === approval.response['ts'] && c.shown.includes('Succeeded'),
      60_000,
      'the approval message updated as succeeded',
    );
    expect(stateOf(id)).toBe('succeeded');
  });

  it('counts two ids of one person once: two approvals needs two people', async () => {
    const ask = await remoteCli(
      ['launch-server', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'none', '--name', 'two-people'],
      CAROL_CLI_TOKEN,
    );
    expect(ask.code, ask.stderr).toBe(0);
    const approval = await approvalFor('two-people');
    const requestId = sql<{ id: string }>("select id from requests where preview like '%two-people%'").id;
    await click('U0ALICE', approval, requestId);
    await fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body['user'] === 'U0ALICE' && c.shown.includes('1 of 2'),
    );
    const again = await localCli(['approve-request', '--request-id', requestId]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('APPROVAL.ALREADY_APPROVED');
    expect(stateOf(requestId)).toBe('pending');
    const bob = await remoteCli(['approve-request', '--request-id', requestId], BOB_CLI_TOKEN);
    expect(bob.code, bob.stderr).toBe(0);
    const persons = JSON.parse(
      sql<{ approvals: string }>('select approvals from requests where id = ?', requestId).approvals,
    ).map((a: Json) => a['person']);
    expect(persons).toEqual(['alice', 'bob']);
  });

  it("shows a read-only identity ids and states of others' requests, never their inputs or previews", async () => {
    const id = await askAsAlice('private-vol');
    const own = (await alice.client.callTool({ name: 'get_request', arguments: { request_id: id } }))
      .structuredContent as Json;
    expect(own['input']).toMatchObject({ name: 'private-vol' });
    const seen = await viewer.client.callTool({ name: 'get_request', arguments: { request_id: id } });
    expect(seen.isError, texts(seen)).toBeFalsy();
    expect(seen.structuredContent).toMatchObject({
      request_id: id,
      status: 'pending_approval',
      requester: 'alice-assistant',
      details_hidden: true,
    });
    expect(JSON.stringify(seen)).not.toContain('private-vol');
    const listed = await viewer.client.callTool({ name: 'list_requests', arguments: {} });
    const views = (listed.structuredContent as Json)['requests'] as Json[];
    expect(views.map((v) => v['request_id'])).toContain(id);
    expect(JSON.stringify(listed)).not.toMatch(/private-vol|alice-vol|two-people/);
  });

  it('does not offer assistants the tools only people can use', async () => {
    const names = (await alice.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('cancel_request');
    expect(names).not.toContain('approve_request');
    expect(names).not.toContain('deny_request');
  });
});
