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
const APPROVE = 'blockops_approve';

/* Alice is U0ALICE in Slack, `alice` at the CLI, and the person behind the `alice-assistant` MCP token. */
const POLICY = {
  version: 1,
  approver_groups: { approvers: { members: ['alice', 'bob'] } },
  people: {
    alice: { slack: ['U0ALICE'], cli: ['alice'] },
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
        `- identity: viewer-bot\n  token_sha256: ${sha256Hex(VIEWER_TOKEN)}\n  read_only: true\n`,
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
  const cli = (args: string[], actor: string) =>
    blockops(args, {
      ...emulatorEnv(emu),
      DATABASE_URL: serve.dbPath,
      BLOCKOPS_POLICY: policy,
      BLOCKOPS_ACTOR: actor,
      BLOCKOPS_LOG_LEVEL: 'warn',
    });

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
    // Nor at the CLI, under her login in another case.
    const asCli = await cli(['approve-request', '--request-id', id], 'ALICE');
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
    const ask = await cli(
      ['launch-server', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'none', '--name', 'two-people'],
      'carol',
    );
    expect(ask.code, ask.stderr).toBe(0);
    const approval = await approvalFor('two-people');
    const requestId = sql<{ id: string }>("select id from requests where preview like '%two-people%'").id;
    await click('U0ALICE', approval, requestId);
    await fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body['user'] === 'U0ALICE' && c.shown.includes('1 of 2'),
    );
    const again = await cli(['approve-request', '--request-id', requestId], 'alice');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('APPROVAL.ALREADY_APPROVED');
    expect(stateOf(requestId)).toBe('pending');
    const bob = await cli(['approve-request', '--request-id', requestId], 'bob');
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
