import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { APPROVE_ACTION } from '../../src/slack/render/approval.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { buttonClick, postToSlackEndpoint, slashCommand } from '../slack/helpers/slack-requests.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

const now = () => Math.floor(Date.now() / 1000);
const form = (payload: string) => new URLSearchParams({ payload }).toString();

/* Hostile requests to /slack/events of a spawned `blockops serve`: bad clocks, bad signatures, malformed payloads. */
describe('Slack door under hostile requests', () => {
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let serve: SlackServe;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    fake = await startFakeSlackApi();
    serve = await startSlackServe(emu, fake);
  });
  afterAll(async () => {
    await serve?.stop();
    await fake?.close();
    await emu?.close();
  });

  const command = () => slashCommand({ user: 'U_OPS', text: 'help', responseUrl: fake.responseUrl('hostile') });

  async function authFailures(): Promise<number> {
    const text = await (await fetch(`${serve.url}/metrics`)).text();
    return Number(/blockops_http_auth_failures_total\{door="slack"\} (\d+)/.exec(text)?.[1] ?? 0);
  }

  async function slackRefusals(): Promise<Array<{ details?: { count?: number; remote?: string } }>> {
    const r = await blockops(['query-audit', '--operation', 'slack_auth', '--event', 'refused', '--json'], {
      ...emulatorEnv(emu),
      DATABASE_URL: serve.dbPath,
    });
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { records: Array<{ details?: { count?: number } }> }).records;
  }

  it('refuses a correctly signed request stamped more than five minutes in the future, or the past', async () => {
    const before = await authFailures();
    const future = await postToSlackEndpoint(serve.url, command(), { timestamp: now() + 6 * 60 });
    expect(future.status).toBe(401);
    const past = await postToSlackEndpoint(serve.url, command(), { timestamp: now() - 6 * 60 });
    expect(past.status).toBe(401);
    // Within the window it is accepted: the clock check is not simply refusing everything.
    const near = await postToSlackEndpoint(serve.url, command(), { timestamp: now() + 4 * 60 });
    expect(near.status).toBe(200);
    expect(await authFailures()).toBe(before + 2);
  });

  it('audits signature refusals, aggregated per source, while the metric counts each one', async () => {
    const before = await authFailures();
    const auditedBefore = (await slackRefusals()).length;
    const results = await Promise.all(
      Array.from({ length: 40 }, () => postToSlackEndpoint(serve.url, command(), { secret: 'not-the-secret' })),
    );
    // Refused every one: first with 401, then (the source keeps failing) with 429 and Retry-After.
    expect(results.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    expect(await authFailures()).toBe(before + 40);
    const records = await slackRefusals();
    expect(records.length).toBeGreaterThan(0);
    // One record opens the source's interval; the rest are counted into one record when it ends, not one each.
    expect(records.length - auditedBefore).toBeLessThanOrEqual(2);
    expect(records[0]).toMatchObject({ actor: 'anonymous', via: 'slack', event: 'refused' });
    expect(records[0]?.details).toMatchObject({ remote: expect.stringMatching(/127\.0\.0\.1/), count: 1 });
    expect(JSON.stringify(records)).not.toContain('not-the-secret');
  });

  it('answers a signed payload that is not JSON with a clear 400, logged without a stack', async () => {
    const r = await postToSlackEndpoint(serve.url, form('{not json'));
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/payload.*not.*JSON/i);
    const empty = await postToSlackEndpoint(serve.url, 'payload=');
    expect(empty.status).toBe(400);
    expect(serve.output()).not.toMatch(/TypeError|SyntaxError|\n\s+at /);
  });

  it('answers a signed block_actions payload missing its fields with a clear 400, not a TypeError', async () => {
    const click = JSON.parse(
      new URLSearchParams(
        buttonClick({
          user: 'U_OPS',
          actionId: APPROVE_ACTION,
          value: 'req-x',
          channel: 'C_APPROVALS',
          messageTs: '1.1',
        }),
      ).get('payload') as string,
    ) as Record<string, unknown>;
    for (const broken of [
      { type: 'block_actions' },
      { ...click, user: undefined },
      { ...click, actions: [{}] },
      { ...click, actions: 'x' },
      { type: 'view_submission', user: { id: 'U_OPS' } },
      { type: 'block_suggestion', user: { id: 'U_OPS' } },
      [1, 2],
    ]) {
      const r = await postToSlackEndpoint(serve.url, form(JSON.stringify(broken)));
      expect(r.status, JSON.stringify(broken)).toBe(400);
      expect(r.text).toMatch(/malformed Slack payload/i);
    }
    const noUser = new URLSearchParams(command());
    noUser.delete('user_id');
    const cmd = await postToSlackEndpoint(serve.url, noUser.toString());
    expect(cmd.status).toBe(400);
    await new Promise((r) => setTimeout(r, 300));
    const out = serve.output();
    expect(out).not.toMatch(/TypeError|Cannot read properties/);
    expect(out).not.toMatch(/\n\s+at /);
    expect(out).toMatch(/"level":50[^\n]*malformed Slack payload/);
  });
});
