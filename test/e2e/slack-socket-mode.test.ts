import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { postToSlackEndpoint, slashCommand } from '../slack/helpers/slack-requests.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

/* With SLACK_APP_TOKEN, blockops serve talks to Slack over Socket Mode: no /slack/events, a connection it opens. */
describe('Slack Socket Mode', () => {
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let serve: SlackServe;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    fake = await startFakeSlackApi();
    serve = await startSlackServe(emu, fake, { env: { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_SIGNING_SECRET: '' } });
  });
  afterAll(async () => {
    await serve?.stop();
    await fake?.close();
    await emu?.close();
  });

  it('asks Slack for a Socket Mode connection with the app token, through SLACK_API_URL', async () => {
    const open = await fake.waitFor((c) => c.method === 'apps.connections.open', 20_000, 'apps.connections.open');
    expect(open.tokenKind).toBe('xapp');
    expect(fake.callsTo('auth.test')[0]?.tokenKind).toBe('xoxb');
  });

  it('serves no HTTP endpoint for Slack, and the rest of blockops serve keeps working', async () => {
    const body = slashCommand({ user: 'U_OPS', text: 'help', responseUrl: fake.responseUrl('x') });
    expect((await postToSlackEndpoint(serve.url, body)).status).toBe(404);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
  });
});
