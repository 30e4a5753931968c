import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/server/identities.js';
import { withApprovers } from '../helpers/approvers.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { openPolicy, type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Connected, connectStdio, texts } from '../mcp/helpers/clients.js';
import { runCli, type Served, startServe } from '../mcp/helpers/processes.js';

const ALICE_TOKEN = 'alice-token-6f1e2d3c4b5a69788796a5b4c3d2e1f0';

// biome-ignore lint/suspicious/noExplicitAny: tests read deep JSON
type Json = Record<string, any>;

/* Approvals with the default policy: the assistant asks, a person (alice, by her token) decides through `blockops serve`. */
describe('MCP writes that need approval', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let env: Record<string, string>;
  let conn: Connected;
  let served: Served;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-mcp-');
    env = sb.env({
      ...emulatorEnv(emu),
      BLOCKOPS_POLICY: await sb.writePolicy(withApprovers(['alice'])),
      BLOCKOPS_MCP_TOKENS: await sb.write(
        'tokens.yaml',
        `- identity: alice\n  token_sha256: ${sha256Hex(ALICE_TOKEN)}\n`,
      ),
    });
    conn = await connectStdio({ ...env, BLOCKOPS_MCP_IDENTITY: 'e2e-assistant' });
    served = await startServe(env, sb.cwd);
  });
  afterAll(async () => {
    await conn?.close();
    await served?.stop();
    await emu?.close();
    await sb?.cleanup();
  });

  const approveAsAlice = (id: string) =>
    runCli(
      ['approve-request', '--request-id', id],
      { ...env, BLOCKOPS_URL: served.url, BLOCKOPS_TOKEN: ALICE_TOKEN },
      sb.cwd,
    );

  it('answers pending_approval, offers no approve tool, and shows the result once a person approved', async () => {
    const r = await conn.client.callTool({ name: 'clone_image', arguments: { image: 'cirros', name: 'approved-vol' } });
    expect(r.isError).toBeFalsy();
    const pending = r.structuredContent as Json;
    expect(pending).toMatchObject({ status: 'pending_approval', approvers: ['alice'], approver_group: 'approvers' });
    expect(pending['request_id']).toMatch(/^req-/);
    expect(Date.parse(pending['expires_at'])).toBeGreaterThan(Date.now());
    expect(pending['preview']).toContain('cirros');
    expect(texts(r)).toContain(`blockops approve-request --request-id ${pending['request_id']}`);

    // Only people decide: the assistant is not offered approve_request or deny_request at all.
    const tools = (await conn.client.listTools()).tools.map((t) => t.name);
    expect(tools).not.toContain('approve_request');
    expect(tools).not.toContain('deny_request');

    const approved = await approveAsAlice(pending['request_id']);
    expect(approved.code, approved.stderr).toBe(0);

    const got = await conn.client.callTool({ name: 'get_request', arguments: { request_id: pending['request_id'] } });
    expect(got.structuredContent).toMatchObject({
      status: 'succeeded',
      requester: 'e2e-assistant',
      requested_via: 'mcp',
      result: { name: 'approved-vol', path: 'block-clone' },
    });
  });

  it('with wait_seconds, waits for the decision (sending progress) and returns the result', async () => {
    const progress: Progress[] = [];
    const call = conn.client.callTool(
      { name: 'clone_image', arguments: { image: 'cirros', name: 'waited-vol', wait_seconds: 120 } },
      undefined,
      { onprogress: (p) => progress.push(p), resetTimeoutOnProgress: true, timeout: 60_000 },
    );
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      const list = await conn.client.callTool({ name: 'list_requests', arguments: { status: 'pending_approval' } });
      id = (list.structuredContent as Json)['requests'].find(
        (q: Json) => q['input']['name'] === 'waited-vol',
      )?.request_id;
      if (!id) await new Promise((res) => setTimeout(res, 100));
    }
    expect(id).toBeDefined();
    expect((await approveAsAlice(id as string)).code).toBe(0);
    const r = await call;
    expect(r.isError, texts(r)).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ status: 'succeeded', request_id: id, result: { name: 'waited-vol' } });
    expect(progress.some((p) => /Waiting for approval/.test(p.message ?? ''))).toBe(true);
  });
});

/* Where the policy lets the requester confirm their own action and the client can ask its person (elicitation). */
describe('MCP self-confirmation through elicitation', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let policy: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-mcp-');
    policy = await sb.writePolicy(openPolicy({ clone_image: { approval: { allow_self_confirmation: true } } }));
  });
  afterAll(async () => {
    await emu?.close();
    await sb?.cleanup();
  });

  for (const answer of ['accept', 'decline'] as const) {
    it(`asks "Confirm: …" and ${answer === 'accept' ? 'runs it on accept' : 'cancels it on decline'}`, async () => {
      const conn = await connectStdio(sb.env({ ...emulatorEnv(emu), BLOCKOPS_POLICY: policy }), { elicit: answer });
      try {
        const r = await conn.client.callTool({
          name: 'clone_image',
          arguments: { image: 'cirros', name: `self-${answer}` },
        });
        expect(conn.elicited).toHaveLength(1);
        expect(conn.elicited[0]).toMatch(/^Confirm: .*cirros/);
        if (answer === 'accept') {
          expect(r.structuredContent).toMatchObject({ status: 'succeeded', result: { name: 'self-accept' } });
          // Recorded as what it is: the client said yes, and no person approved it.
          const id = (r.structuredContent as Json)['request_id'];
          const got = await conn.client.callTool({ name: 'get_request', arguments: { request_id: id } });
          expect(got.structuredContent).toMatchObject({ approvals: [], self_confirmed_via_client: { via: 'mcp' } });
          const audit = await conn.client.callTool({ name: 'query_audit', arguments: { resource: id } });
          const events = ((audit.structuredContent as Json)['records'] as Json[]).map((e) => e['event']).reverse();
          expect(events).toEqual(['requested', 'self_confirmed_via_client', 'started', 'succeeded']);
        } else {
          expect(r.isError).toBe(true);
          expect(texts(r)).toContain('APPROVAL.DECLINED');
        }
      } finally {
        await conn.close();
      }
    });
  }

  it('refuses, opening nothing, where the client cannot ask its person', async () => {
    const conn = await connectStdio(sb.env({ ...emulatorEnv(emu), BLOCKOPS_POLICY: policy }));
    try {
      const r = await conn.client.callTool({ name: 'clone_image', arguments: { image: 'cirros', name: 'no-form' } });
      expect(r.isError).toBe(true);
      expect(texts(r)).toContain('APPROVAL.CONFIRMATION_UNAVAILABLE');
      const listed = await conn.client.callTool({ name: 'list_requests', arguments: {} });
      expect(JSON.stringify(listed.structuredContent)).not.toContain('no-form');
    } finally {
      await conn.close();
    }
  });
});
