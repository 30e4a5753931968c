import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createMetrics } from '../../src/server/metrics.js';
import { RefusalAudit } from '../../src/server/refusal-audit.js';
import { Refusals } from '../../src/server/refusals.js';
import { mountSlack } from '../../src/slack/mount.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { buttonClick, postToSlackEndpoint, SIGNING_SECRET } from './helpers/slack-requests.js';

/*
 * The Slack door in this process (on the built-in emulator; the request is never approved), clicked with signed payloads. The core alone
 * decides who may deny: Slack asks it, so a person denying their own assistant's request gets no reason form.
 */
describe('Deny button', () => {
  let fake: FakeSlackApi;
  let app: App;
  let dir: string;
  let server: Server;
  let url: string;
  let slack: { close(): Promise<void> } | undefined;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    dir = mkdtempSync(join(tmpdir(), 'blockops-slack-deny-'));
    const env = {
      DATABASE_URL: join(dir, 'blockops.db'),
      BLOCKOPS_APPROVERS: 'alice,U_APPROVER',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      BLOCKOPS_APPROVALS_CHANNEL: 'C_APPROVALS',
    };
    app = await createApp(await loadConfig({ env, cwd: dir }));
    const web = express();
    server = await new Promise<Server>((resolve) => {
      const s = web.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const metrics = createMetrics();
    slack = await mountSlack(web, {
      app,
      metrics,
      url,
      allowedHosts: [],
      allowedOrigins: [],
      refusals: new Refusals(metrics, new RefusalAudit(app.services.store.audit)),
    });
  });
  afterAll(async () => {
    await slack?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await app?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A write asked for by an assistant; its approval message's ts. */
  async function askAs(actor: { id: string; onBehalfOf?: string }, name: string) {
    const asked = await app.gateway.run('clone_image', { image: 'cirros', name }, { ...actor, via: 'mcp' });
    if (asked.status !== 'pending_approval') throw new Error('expected the request to wait for approval');
    const id = asked.request.request_id;
    const posted = await fake.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body['channel'] === 'C_APPROVALS' && c.shown.includes(id),
      10_000,
      `the approval message of ${id}`,
    );
    return { id, ts: String(posted.response['ts']) };
  }

  const deny = (user: string, id: string, ts: string) =>
    postToSlackEndpoint(
      url,
      buttonClick({ user, actionId: 'blockops_deny', value: id, channel: 'C_APPROVALS', messageTs: ts }),
    );

  it('refuses at once, without a reason form, the person behind the MCP identity that asked', async () => {
    // mcp:alice acts for alice; Slack user `alice` is the same person, though neither id equals the other.
    const { id, ts } = await askAs({ id: 'mcp:alice', onBehalfOf: 'alice' }, 'own-request');
    expect((await deny('alice', id, ts)).status).toBe(200);
    const refusal = await fake.waitFor(
      (c) => c.method === 'chat.postEphemeral' && c.body['user'] === 'alice' && c.shown.includes(id),
      5_000,
      'the self-approval refusal',
    );
    expect(refusal.shown).toContain('APPROVAL.SELF_APPROVAL');
    expect(fake.callsTo('views.open')).toHaveLength(0);
    expect((await app.services.desk.get(id)).status).toBe('pending_approval');
    const refused = await app.services.desk.auditTrail({ resource: id, event: 'refused' });
    expect(refused.map((e) => [e.actor.id, e.error?.code])).toEqual([['alice', 'APPROVAL.SELF_APPROVAL']]);
  });

  it('asks another approver for a reason', async () => {
    const { id, ts } = await askAs({ id: 'mcp:bob', onBehalfOf: 'bob' }, 'bobs-request');
    expect((await deny('U_APPROVER', id, ts)).status).toBe(200);
    await fake.waitFor(
      (c) => c.method === 'views.open' && JSON.stringify(c.body['view']).includes(id),
      5_000,
      'the reason form',
    );
  });
});
