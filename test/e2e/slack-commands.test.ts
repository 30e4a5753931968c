import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenStack } from '../../src/clients/openstack/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type FakeSlackApi, type SlackCall, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { optionsRequest, postToSlackEndpoint, slashCommand, viewSubmission } from '../slack/helpers/slack-requests.js';
import { type SlackServe, startSlackServe } from '../slack/helpers/slack-serve.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read Block Kit JSON
type Json = any;

/** A policy where launches need no approval, so `/blockops launch` runs at once with a status message. */
const NO_APPROVAL_POLICY = `
version: 1
expiry_minutes: 30
approver_groups: { approvers: { members: [] } }
roles: { operator: [read, write] }
actors: { '*': [operator] }
operations: {}
`;

/* Commands over real HTTP: signed slash commands to a spawned `blockops serve`, answers on the fake Slack API. */
describe('Slack commands', () => {
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let serve: SlackServe;
  let n = 0;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    fake = await startFakeSlackApi();
    serve = await startSlackServe(emu, fake, { policy: NO_APPROVAL_POLICY });
  });
  afterAll(async () => {
    await serve?.stop();
    await fake?.close();
    await emu?.close();
  });

  /** Runs a command and returns the ack and the answer posted to its response_url. */
  async function run(
    text: string,
    user = 'U_OPS',
  ): Promise<{ ack: { status: number; text: string }; answer: () => Promise<SlackCall> }> {
    const tag = `cmd-${++n}`;
    const ack = await postToSlackEndpoint(serve.url, slashCommand({ user, text, responseUrl: fake.responseUrl(tag) }));
    return {
      ack,
      answer: () =>
        fake.waitFor((c) => c.method === 'response_url' && c.body['tag'] === tag, 30_000, `the answer to ${text}`),
    };
  }

  it('shows an image named <!channel> escaped in /blockops images', async () => {
    const admin = emu.users.admin;
    const os = createOpenStack({
      authUrl: emu.authUrl,
      auth: {
        type: 'password',
        username: admin.username,
        password: admin.password,
        userDomainName: admin.userDomainName,
      },
      project: { name: admin.projectName, domainName: admin.projectDomainName },
      regionName: emu.region,
    });
    await os.image.createImage({
      name: '<!channel> <https://evil.example|click>',
      diskFormat: 'raw',
      containerFormat: 'bare',
    });
    const { ack, answer } = await run('images');
    expect(ack.status).toBe(200);
    const shown = (await answer()).shown;
    expect(shown).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt;');
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<https://evil');
    expect(shown).toContain('cirros');
  });

  it('answers help, an unknown command and a bad argument in the ack, ephemerally, with usage', async () => {
    const help = await run('help');
    expect(JSON.parse(help.ack.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(help.ack.text).toContain('/blockops failover');
    const unknown = JSON.parse((await run('explode everything')).ack.text);
    expect(unknown.response_type).toBe('ephemeral');
    expect(JSON.stringify(unknown)).toContain('explode');
    const bad = JSON.parse((await run('launch image=cirros flavor=m1.tiny name=x count=many')).ack.text);
    expect(JSON.stringify(bad)).toContain('count takes a number');
    expect(JSON.stringify(bad)).toContain('/blockops launch');
    const missing = JSON.parse((await run('verify')).ack.text);
    expect(JSON.stringify(missing)).toContain('/blockops verify &lt;image&gt;');
  });

  it('answers a retried help in its ack again (the ack depends on the body alone, not on whether it was seen)', async () => {
    const body = slashCommand({ user: 'U_OPS', text: 'help', responseUrl: fake.responseUrl('help-retry') });
    const first = await postToSlackEndpoint(serve.url, body);
    const retry = await postToSlackEndpoint(serve.url, body, { retryNum: 1 });
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(retry.text).toContain('/blockops failover');
  });

  it('/blockops verify cirros fills the main field and reports the fast-path verdict', async () => {
    const { answer } = await run('verify cirros');
    const shown = (await answer()).shown;
    expect(shown).toContain('block-native');
  });

  it('/blockops launch with no arguments opens the form, whose selects are filled from the cloud', async () => {
    const { ack } = await run('launch');
    expect(ack.status).toBe(200);
    const opened = await fake.waitFor(
      (c) => c.method === 'views.open' && (c.body['view'] as Json).callback_id === 'blockops_launch',
    );
    const actions = (opened.body['view'] as Json).blocks.map((b: Json) => b.element.action_id);
    expect(actions).toEqual([
      'launch_image',
      'launch_flavor',
      'launch_network',
      'launch_key',
      'size_gb',
      'count',
      'name',
    ]);
    const flavors = await postToSlackEndpoint(
      serve.url,
      optionsRequest({ user: 'U_OPS', actionId: 'launch_flavor', value: 'tiny' }),
    );
    expect(JSON.parse(flavors.text).options.map((o: Json) => o.value)).toEqual(['m1.tiny']);
    const nets = JSON.parse(
      (await postToSlackEndpoint(serve.url, optionsRequest({ user: 'U_OPS', actionId: 'launch_network', value: '' })))
        .text,
    );
    expect(nets.options.map((o: Json) => o.value)).toEqual(expect.arrayContaining(['auto', 'none', 'private']));
    const images = JSON.parse(
      (await postToSlackEndpoint(serve.url, optionsRequest({ user: 'U_OPS', actionId: 'launch_image', value: 'cir' })))
        .text,
    );
    expect(images.options.map((o: Json) => o.value)).toContain('cirros');
    const keys = JSON.parse(
      (await postToSlackEndpoint(serve.url, optionsRequest({ user: 'U_OPS', actionId: 'launch_key', value: '' }))).text,
    );
    expect(keys.options.map((o: Json) => o.value)).toContain('ops-key');

    // A mistake in the form is shown in the form, not run.
    const bad = await postToSlackEndpoint(
      serve.url,
      viewSubmission({
        user: 'U_OPS',
        callbackId: 'blockops_launch',
        privateMetadata: (opened.body['view'] as Json).private_metadata,
        values: { image: { launch_image: { selected_option: { value: 'cirros' } } }, name: { name: { value: '' } } },
      }),
    );
    expect(JSON.parse(bad.text)).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(JSON.parse(bad.text).errors)).toContain('flavor');

    // A complete form runs launch_server through the gateway (this policy needs no approval).
    const ok = await postToSlackEndpoint(
      serve.url,
      viewSubmission({
        user: 'U_OPS',
        callbackId: 'blockops_launch',
        privateMetadata: (opened.body['view'] as Json).private_metadata,
        values: {
          image: { launch_image: { selected_option: { value: 'cirros' } } },
          flavor: { launch_flavor: { selected_option: { value: 'm1.tiny' } } },
          network: { launch_network: { selected_option: { value: 'none' } } },
          key_name: { launch_key: { selected_option: null } },
          size_gb: { size_gb: { value: null } },
          count: { count: { value: '1' } },
          name: { name: { value: 'form-vm' } },
        },
      }),
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    const launched = await fake.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === 'C_OPS' &&
        Boolean(c.body['thread_ts']) &&
        c.shown.includes('form-vm'),
      60_000,
      'the form launch result',
    );
    expect(launched.shown).toContain('ACTIVE');
  });

  it('a launch that needs no approval runs at once: one status message, updated, with the result in its thread', async () => {
    const { ack } = await run('launch image=cirros flavor=m1.tiny network=none name=now-vm');
    expect(ack.status).toBe(200);
    const result = await fake.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body['channel'] === 'C_OPS' &&
        Boolean(c.body['thread_ts']) &&
        c.shown.includes('now-vm'),
      60_000,
      'the launch result in the thread',
    );
    expect(result.shown).toContain('ACTIVE');
    expect(result.shown).toContain('no network');
    const status = fake.calls.find(
      (c) => c.method === 'chat.postMessage' && c.response['ts'] === result.body['thread_ts'],
    );
    expect(status?.body).toMatchObject({ channel: 'C_OPS' });
    expect(status?.body['thread_ts']).toBeUndefined();
    const updates = fake.callsTo('chat.update').filter((c) => c.body['ts'] === status?.response['ts']);
    expect(updates.at(-1)?.shown).toContain('succeeded');
  });

  it('/blockops failover vm1 after a node failure names the node that now serves I/O', async () => {
    await run('launch image=cirros flavor=m1.tiny network=none name=vm1');
    await fake.waitFor(
      (c) => c.method === 'chat.postMessage' && Boolean(c.body['thread_ts']) && c.shown.includes('vm1'),
      60_000,
      'vm1 launched',
    );
    const before = (await (await run('failover vm1')).answer()).shown;
    const served = before.match(/served by \*(server\d\d-0)\*/);
    expect(served, before).not.toBeNull();
    const failedName = served?.[1] as string;
    await emu.faults.failLightbitsNode(Number(failedName.slice('server'.length, 'server'.length + 2)));
    const after = (await (await run('failover vm1')).answer()).shown;
    const now = after.match(/served by \*(server\d\d-0)\*/);
    expect(now, after).not.toBeNull();
    expect(now?.[1]).not.toBe(failedName);
    expect(after).toContain(failedName);
  });
});
