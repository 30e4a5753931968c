import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { NOT_RUN_TEXT } from '../../src/slack/tell-not-run.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { postToSlackEndpoint, slashCommand } from '../slack/helpers/slack-requests.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

/*
 * A slash command is acked before the store says whether it is a retry (so acks are fast). When the store then fails,
 * Slack has its 200 and will not retry: the person must be told that nothing ran, and nothing may run.
 */
describe('Slack when the store cannot decide a delivery', () => {
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

  const answers = (tag: string) => fake.calls.filter((c) => c.method === 'response_url' && c.body['tag'] === tag);

  it('acks, tells the person on the response_url that it did not run, and runs nothing', async () => {
    const ok = await postToSlackEndpoint(
      serve.url,
      slashCommand({ user: 'U_OPS', text: 'images', responseUrl: fake.responseUrl('before') }),
    );
    expect(ok.status).toBe(200);
    await fake.waitFor((c) => c.method === 'response_url' && c.body['tag'] === 'before', 30_000, 'the images answer');

    // The store breaks under the running serve: its deliveries table is gone.
    const db = new Database(serve.dbPath);
    db.exec('DROP TABLE slack_deliveries');
    db.close();

    const ack = await postToSlackEndpoint(
      serve.url,
      slashCommand({ user: 'U_OPS', text: 'images', responseUrl: fake.responseUrl('broken') }),
    );
    expect(ack.status).toBe(200);
    const told = await fake.waitFor(
      (c) => c.method === 'response_url' && c.body['tag'] === 'broken',
      30_000,
      'the not-run notice',
    );
    expect(told.body['text']).toBe(NOT_RUN_TEXT);
    expect(told.body['response_type']).toBe('ephemeral');
    await new Promise((r) => setTimeout(r, 1000));
    expect(answers('broken')).toHaveLength(1);
    expect(serve.output()).toContain('slack request acked but not run');
  }, 60_000);
});
