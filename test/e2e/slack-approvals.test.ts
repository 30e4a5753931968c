import { userInfo } from 'node:os';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type FakeSlackApi, type SlackCall, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { buttonClick, postToSlackEndpoint, slashCommand, viewSubmission } from '../slack/helpers/slack-requests.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read Block Kit JSON
type Json = any;

/** A CLI on the database is its operating-system user. */
const OS_USER = userInfo().username;
const APPROVE = 'blockops_approve';
const DENY = 'blockops_deny';

/* The approval flow over real HTTP: signed Slack requests to a spawned `blockops serve`, a fake Slack Web API. */
describe('Slack approvals', () => {
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let serve: SlackServe;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    fake = await startFakeSlackApi();
    serve = await startSlackServe(emu, fake, { approvers: ['U_APPROVER', 'U_APPROVER2'] });
  });
  afterAll(async () => {
    await serve?.stop();
    await fake?.close();
    await emu?.close();
  });

  const command = (user: string, text: string, tag: string) =>
    postToSlackEndpoint(serve.url, slashCommand({ user, text, responseUrl: fake.responseUrl(tag) }));

  const click = (user: string, actionId: string, approval: SlackCall) =>
    postToSlackEndpoint(
      serve.url,
      buttonClick({ user, actionId, value: requestIdOf(approval), channel: 'C_APPROVALS', messageTs: tsOf(approval) }),
    );

  /** The approval message posted for a request whose preview mentions `name`. */
  const approvalFor = (name: string) =>
    fake.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === 'C_APPROVALS' &&
        !c.body['thread_ts'] &&
        c.shown.includes(name),
      20_000,
      `the approval message for ${name}`,
    );

  const tsOf = (post: SlackCall) => String(post.response['ts']);
  function requestIdOf(post: SlackCall): string {
    const actions = (post.body['blocks'] as Json[]).find((b) => b.type === 'actions');
    return actions.elements.find((e: Json) => e.action_id === APPROVE).value;
  }
  const approvalMessage = approvalFor;
  function sql<T>(query: string, ...args: unknown[]): T {
    const db = new Database(serve.dbPath, { readonly: true });
    try {
      return db.prepare(query).get(...args) as T;
    } finally {
      db.close();
    }
  }
  function stateOf(id: string): string {
    const db = new Database(serve.dbPath, { readonly: true });
    try {
      return (db.prepare('select state from requests where id = ?').get(id) as { state: string }).state;
    } finally {
      db.close();
    }
  }

  it('launch → approval message → Approve by an approver → status in the thread ends ACTIVE, requester told', async () => {
    const ack = await command('U_REQUESTER', 'launch image=cirros flavor=m1.tiny network=none name=vm1', 'launch-vm1');
    expect(ack.status).toBe(200);
    const approval = await approvalMessage('vm1');
    expect(approval.shown).toContain('U_REQUESTER');
    expect(approval.shown).toContain('Launch 1 server');
    const buttons = (approval.body['blocks'] as Json[])
      .find((b) => b.type === 'actions')
      .elements.map((e: Json) => e.action_id);
    expect(buttons).toEqual([APPROVE, DENY]);
    const told = await fake.waitFor((c) => c.method === 'response_url' && c.body['tag'] === 'launch-vm1');
    expect(told.shown).toContain('waits for approval');
    expect(told.body['response_type']).toBe('ephemeral');

    const ts = tsOf(approval);
    expect((await click('U_APPROVER', APPROVE, approval)).status).toBe(200);
    // The approval message loses its buttons and says who approved.
    const updated = await fake.waitFor(
      (c) => c.method === 'chat.update' && c.body['ts'] === ts && c.shown.includes('U_APPROVER'),
      20_000,
      'the approval message updated with the approver',
    );
    expect((updated.body['blocks'] as Json[]).some((b) => b.type === 'actions')).toBe(false);
    // Progress and the outcome in the approval message's thread.
    const result = await fake.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === ts && c.shown.includes('no network'),
      60_000,
      'the launch result in the thread',
    );
    expect(result.shown).toContain('ACTIVE');
    // One status message in the thread, updated in place, ends with the outcome.
    const statusPosts = fake.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === ts && c.shown.includes('Launch servers'),
    );
    expect(statusPosts).toHaveLength(1);
    const statusTs = tsOf(statusPosts[0] as SlackCall);
    const statusShown = [statusPosts[0], ...fake.callsTo('chat.update').filter((c) => c.body['ts'] === statusTs)];
    const last = statusShown[statusShown.length - 1] as SlackCall;
    expect(last.shown).toContain('succeeded');
    expect(last.shown).toContain('ACTIVE');
    await fake.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === 'U_REQUESTER' && c.shown.includes('succeeded'),
      20_000,
      'the requester told of the outcome',
    );
    expect(stateOf(requestIdOf(approval))).toBe('succeeded');
  });

  it('refuses self-approval and a non-approver ephemerally, audits both, and runs nothing', async () => {
    await command('U_REQUESTER', 'launch image=cirros flavor=m1.tiny network=none name=self-vm', 'self');
    const approval = await approvalMessage('self-vm');
    expect((await click('U_REQUESTER', APPROVE, approval)).status).toBe(200);
    const refusal = await fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body['user'] === 'U_REQUESTER' && c.shown.includes('SELF_APPROVAL'),
    );
    expect(refusal.body['channel']).toBe('C_APPROVALS');
    const id = requestIdOf(approval);
    expect(stateOf(id)).toBe('pending');
    const refused = sql<{ n: number }>(
      "select count(*) as n from audit_log where request_id = ? and event = 'refused' and actor_id = 'U_REQUESTER'",
      id,
    );
    expect(refused.n).toBe(1);
    await click('U_STRANGER', APPROVE, approval);
    const stranger = await fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body['user'] === 'U_STRANGER' && c.shown.includes('NOT_APPROVER'),
    );
    expect(stranger.shown).toContain(id);
    expect(
      sql<{ n: number }>(
        "select count(*) as n from audit_log where request_id = ? and event = 'refused' and actor_id = 'U_STRANGER'",
        id,
      ).n,
    ).toBe(1);
    expect(stateOf(id)).toBe('pending');
    expect(
      sql<{ n: number }>("select count(*) as n from audit_log where request_id = ? and event = 'started'", id).n,
    ).toBe(0);
  });

  it('Deny asks for a reason in a modal, then updates the message and tells the requester', async () => {
    await command('U_REQUESTER', 'launch image=cirros flavor=m1.tiny network=none name=denied-vm', 'deny');
    const approval = await approvalMessage('denied-vm');
    const id = requestIdOf(approval);
    expect((await click('U_APPROVER', DENY, approval)).status).toBe(200);
    const opened = await fake.waitFor(
      (c) => c.method === 'views.open' && (c.body['view'] as Json).callback_id === 'blockops_deny',
    );
    const view = opened.body['view'] as Json;
    const submit = await postToSlackEndpoint(
      serve.url,
      viewSubmission({
        user: 'U_APPROVER',
        callbackId: 'blockops_deny',
        privateMetadata: view.private_metadata,
        values: { reason: { reason: { type: 'plain_text_input', value: 'Use m1.small <for> this & that' } } },
      }),
    );
    expect(submit.status).toBe(200);
    const updated = await fake.waitFor(
      (c) => c.method === 'chat.update' && c.body['ts'] === tsOf(approval) && c.shown.includes('Denied'),
    );
    expect(updated.shown).toContain('&lt;for&gt; this &amp; that');
    await fake.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === 'U_REQUESTER' &&
        c.shown.includes('denied') &&
        c.shown.includes(id),
    );
    expect(stateOf(id)).toBe('denied');
  });

  it('a click on an expired request is refused and says it expired', async () => {
    await command('U_REQUESTER', 'launch image=cirros flavor=m1.tiny network=none name=late-vm', 'late');
    const approval = await approvalMessage('late-vm');
    const id = requestIdOf(approval);
    const db = new Database(serve.dbPath);
    db.prepare('update requests set expires_at = ? where id = ?').run(new Date(Date.now() - 60_000).toISOString(), id);
    db.close();
    await click('U_APPROVER', APPROVE, approval);
    const refusal = await fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body['user'] === 'U_APPROVER' && c.shown.includes(id),
    );
    expect(refusal.shown).toMatch(/expired/i);
    expect(stateOf(id)).toBe('expired');
  });

  it('a retried command (X-Slack-Retry-Num) runs once', async () => {
    const body = slashCommand({
      user: 'U_REQUESTER',
      text: 'launch image=cirros flavor=m1.tiny network=none name=retry-vm',
      responseUrl: fake.responseUrl('retry'),
    });
    expect((await postToSlackEndpoint(serve.url, body)).status).toBe(200);
    const retry = await postToSlackEndpoint(serve.url, body, { retryNum: 1 });
    expect(retry.status).toBe(200);
    await approvalMessage('retry-vm');
    await new Promise((r) => setTimeout(r, 1500));
    const db = new Database(serve.dbPath, { readonly: true });
    const n = db.prepare("select count(*) as n from requests where preview like '%retry-vm%'").get() as { n: number };
    db.close();
    expect(n.n).toBe(1);
    expect(fake.calls.filter((c) => c.method === 'response_url' && c.body['tag'] === 'retry')).toHaveLength(1);
  });

  it('retries arriving while the first delivery is still being decided are acked alike and run once', async () => {
    const dropped = () => (serve.output().match(/slack retry acked and ignored/g) ?? []).length;
    const before = dropped();
    const body = slashCommand({
      user: 'U_REQUESTER',
      text: 'launch image=cirros flavor=m1.tiny network=none name=burst-retry-vm',
      responseUrl: fake.responseUrl('burst-retry'),
    });
    const acks = await Promise.all([
      postToSlackEndpoint(serve.url, body),
      postToSlackEndpoint(serve.url, body, { retryNum: 1 }),
      postToSlackEndpoint(serve.url, body, { retryNum: 2 }),
    ]);
    expect(acks.map((a) => [a.status, a.text])).toEqual([
      [200, ''],
      [200, ''],
      [200, ''],
    ]);
    await approvalMessage('burst-retry-vm');
    await fake.waitFor((c) => c.method === 'response_url' && c.body['tag'] === 'burst-retry');
    for (let i = 0; i < 200 && dropped() < before + 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(dropped() - before).toBe(2);
    expect(sql<{ n: number }>("select count(*) as n from requests where preview like '%burst-retry-vm%'").n).toBe(1);
    expect(fake.calls.filter((c) => c.method === 'response_url' && c.body['tag'] === 'burst-retry')).toHaveLength(1);
  });

  it('two approvers clicking at once run the job once, shown once', async () => {
    await command('U_REQUESTER', 'launch image=cirros flavor=m1.tiny network=none name=race-vm', 'race');
    const approval = await approvalMessage('race-vm');
    const id = requestIdOf(approval);
    const [a, b] = await Promise.all([click('U_APPROVER', APPROVE, approval), click('U_APPROVER2', APPROVE, approval)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await fake.waitFor(
      (c) =>
        c.method === 'chat.postMessage' && c.body['thread_ts'] === tsOf(approval) && c.shown.includes('no network'),
      60_000,
      'the race-vm result',
    );
    // The core decides: the second click is refused (already decided: audited, told ephemerally) or counted as a
    // second approval of a request that runs once either way.
    const approvals = () =>
      JSON.parse(sql<{ approvals: string }>('select approvals from requests where id = ?', id).approvals)
        .length as number;
    const refused = () =>
      sql<{ n: number }>("select count(*) as n from audit_log where request_id = ? and event = 'refused'", id).n;
    for (let i = 0; i < 100 && approvals() + refused() < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(approvals() + refused()).toBe(2);
    if (refused() === 1) {
      const second = await fake.waitFor(
        (c) => c.method === 'chat.postEphemeral' && c.shown.includes(id) && c.shown.includes('ALREADY_'),
      );
      expect(['U_APPROVER', 'U_APPROVER2']).toContain(second.body['user']);
    }
    expect(
      sql<{ n: number }>("select count(*) as n from audit_log where request_id = ? and event = 'started'", id).n,
    ).toBe(1);
    const results = fake.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.body['thread_ts'] === tsOf(approval) && c.shown.includes('Launched'),
    );
    expect(results).toHaveLength(1);
  });

  it('announces a request opened from the CLI in another process, naming the CLI user (the OS user)', async () => {
    const cli = await blockops(['clone-image', '--image', 'cirros', '--name', 'cli-vol'], {
      ...emulatorEnv(emu),
      DATABASE_URL: serve.dbPath,
    });
    expect(cli.code, cli.stderr).toBe(0);
    const approval = await approvalFor('cli-vol');
    expect(approval.shown).toContain('CLI user');
    expect(approval.shown).toContain(OS_USER);
    await click('U_APPROVER', APPROVE, approval);
    // Not a Slack user: told in the approval message's thread.
    await fake.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['thread_ts'] === tsOf(approval) &&
        c.shown.includes(OS_USER) &&
        c.shown.includes('succeeded'),
      60_000,
      'the CLI requester told in the thread',
    );
  });

  it('refuses a bad signature and a stale timestamp with 401', async () => {
    const body = slashCommand({ user: 'U_REQUESTER', text: 'help', responseUrl: fake.responseUrl('x') });
    expect((await postToSlackEndpoint(serve.url, body, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postToSlackEndpoint(serve.url, body, { timestamp: stale })).status).toBe(401);
    const ok = await postToSlackEndpoint(serve.url, body);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ response_type: 'ephemeral' });
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toMatch(/blockops_http_auth_failures_total\{door="slack"\} 2/);
  });
});
