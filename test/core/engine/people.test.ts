import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Gateway } from '../../../src/core/engine/gateway.js';
import { type AnyOperation, defineOperation } from '../../../src/core/engine/operation.js';
import type { Actor } from '../../../src/core/people/actor.js';
import { parsePolicy } from '../../../src/core/policy/load.js';
import { approveRequest } from '../../../src/core/requests/approve-request.op.js';
import { cancelRequest } from '../../../src/core/requests/cancel-request.op.js';
import { denyRequest } from '../../../src/core/requests/deny-request.op.js';
import { getRequest } from '../../../src/core/requests/get-request.op.js';
import { listRequests } from '../../../src/core/requests/list-requests.op.js';
import type { Store } from '../../../src/core/store/types.js';
import { servicesWithoutCloud, useEmptiedStore } from '../../helpers/engine-services.js';
import { engines } from '../../helpers/store-engines.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read deep JSON
type Json = Record<string, any>;

/* One person, many ids: Alice is U0ALICE in Slack, alice or ASmith at the CLI, alice-bot over MCP. */
const POLICY = `
version: 1
approver_groups:
  approvers: { members: [U0ALICE, alice, bob, carol] }
  leads: { members: [bob] }
people:
  alice: { slack: [U0ALICE], mcp: [alice-bot], cli: [alice, ASmith] }
  bob: { slack: [U0BOB], cli: [bob] }
roles:
  operator: [read, write]
  viewer: [read]
  auditor: [read, admin]
actors:
  '*': [operator]
  viewer-bot: [viewer]
  auditor: [auditor]
operations:
  touch: { approval: { approvals: 1, group: approvers } }
  touch_twice: { approval: { approvals: 2, group: approvers } }
  touch_leads: { approval: { approvals: 1, group: leads } }
  touch_self: { approval: { allow_self_confirmation: true } }
# CLI ids approve here on PostgreSQL too: these tests are about people, not about where the CLI runs.
local_cli: { approve: true }
`;

const slack = (id: string): Actor => ({ id, via: 'slack' });
const cli = (id: string): Actor => ({ id, via: 'cli' });
const mcp = (id: string, onBehalfOf?: string): Actor => ({ id, via: 'mcp', onBehalfOf });

function ops(runs: string[]): AnyOperation[] {
  const make = (name: string) =>
    defineOperation({
      name,
      title: name,
      description: 'test operation',
      input: z.object({ label: z.string().min(1), source: z.string().optional() }),
      output: z.object({ label: z.string() }),
      effect: 'write',
      preview: (i) => `touch ${i.label}${i.source ? ` from ${i.source}` : ''}`,
      summarize: (o) => o.label,
      async run(i) {
        runs.push(i.label);
        return { label: i.label };
      },
    });
  return ['touch', 'touch_twice', 'touch_leads', 'touch_self'].map(make) as unknown as AnyOperation[];
}

describe.each(engines('people'))('approvals judged per person on $name', (engine) => {
  let store: Store;
  let gateway: Gateway;
  let runs: string[];

  const openStore = useEmptiedStore(engine);
  beforeEach(() => {
    store = openStore();
    runs = [];
    ({ gateway } = servicesWithoutCloud(store, POLICY, [
      ...ops(runs),
      getRequest,
      listRequests,
      approveRequest,
      denyRequest,
      cancelRequest,
    ]));
  });

  async function ask(op: string, actor: Actor, input: Json = { label: 'a' }): Promise<string> {
    const r = await gateway.run(op, input, actor);
    if (r.status !== 'pending_approval') throw new Error(`${op} did not wait for approval`);
    return r.request.request_id;
  }
  const decide = (verb: 'approve' | 'deny' | 'cancel', id: string, actor: Actor, extra: Json = {}) =>
    gateway.run(`${verb}_request`, { request_id: id, ...extra }, actor);
  const stateOf = async (id: string) => (await store.requests.get(id))?.state;

  it('refuses Alice approving, in Slack, what her assistant asked for over MCP (token person: alice)', async () => {
    const id = await ask('touch', mcp('http-assistant', 'alice'));
    await expect(decide('approve', id, slack('U0ALICE'))).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVAL' });
    // Her MCP identity and her other CLI login are her too.
    const own = await ask('touch', mcp('alice-bot'));
    await expect(decide('approve', own, cli('asmith'))).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVAL' });
    expect(runs).toEqual([]);
    expect(await stateOf(id)).toBe('pending');
  });

  it('matches CLI logins case-insensitively, mapped or not, and Slack ids exactly', async () => {
    const id = await ask('touch', cli('Carol'));
    await expect(decide('approve', id, cli('carol'))).rejects.toMatchObject({ code: 'APPROVAL.SELF_APPROVAL' });
    const mapped = await ask('touch', cli('ASMITH'));
    await expect(decide('approve', mapped, slack('U0ALICE'))).rejects.toMatchObject({
      code: 'APPROVAL.SELF_APPROVAL',
    });
    // u0alice is not Alice's Slack id (Slack ids are exact), and not a member either.
    expect(await gateway.run('touch', { label: 'b' }, cli('bob'))).toMatchObject({ status: 'pending_approval' });
  });

  it('counts two ids of one person once towards N-of-M', async () => {
    const id = await ask('touch_twice', cli('carol'));
    await decide('approve', id, cli('alice'));
    await expect(decide('approve', id, slack('U0ALICE'))).rejects.toMatchObject({
      code: 'APPROVAL.ALREADY_APPROVED',
    });
    expect(runs).toEqual([]);
    expect(await stateOf(id)).toBe('pending');
    await decide('approve', id, cli('bob'));
    expect(runs).toEqual(['a']);
    const row = await store.requests.get(id);
    expect(row?.approvals.map((a) => a.person)).toEqual(['alice', 'bob']);
  });

  it('counts two ids of one person once even when both land at the same moment', async () => {
    const id = await ask('touch_twice', cli('carol'));
    const both = await Promise.allSettled([
      decide('approve', id, cli('alice')),
      decide('approve', id, slack('U0ALICE')),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await store.requests.get(id))?.approvals).toHaveLength(1);
    expect(runs).toEqual([]);
  });

  it('judges deny and cancel per person: her Slack id cannot deny her CLI request, her other login may cancel it', async () => {
    const id = await ask('touch', cli('alice'));
    await expect(decide('deny', id, slack('U0ALICE'), { reason: 'no' })).rejects.toMatchObject({
      code: 'APPROVAL.SELF_APPROVAL',
    });
    const cancelled = (await decide('cancel', id, cli('asmith'))) as { output: Json };
    expect(cancelled.output['status']).toBe('cancelled');
  });

  it('lets a group member approve from any of their ids, and a group name a person', async () => {
    const id = await ask('touch_leads', cli('carol'));
    // `leads` lists bob; U0BOB is bob in Slack.
    await decide('approve', id, slack('U0BOB'));
    expect(runs).toEqual(['a']);
  });

  it('records a self-confirmation as such, never as an approval by a person', async () => {
    const r = await gateway.run('touch_self', { label: 'mine' }, mcp('alice-bot'), { confirm: async () => 'accept' });
    expect(r.status).toBe('succeeded');
    const id = (r as { request_id: string }).request_id;
    const events = (await store.audit.query({ resource: id })).reverse().map((e) => e.event);
    expect(events).toEqual(['requested', 'self_confirmed_via_client', 'started', 'succeeded']);
    const row = await store.requests.get(id);
    expect(row?.approvals).toEqual([]);
    const view = ((await gateway.run('get_request', { request_id: id }, cli('alice'))) as { output: Json }).output;
    expect(view['approvals']).toEqual([]);
    expect(view['self_confirmed_via_client']).toMatchObject({ actor: 'alice-bot', via: 'mcp' });
  });

  it('refuses a self-confirmation operation where the door cannot ask, opening nothing', async () => {
    await expect(gateway.run('touch_self', { label: 'x' }, cli('alice'))).rejects.toMatchObject({
      code: 'APPROVAL.CONFIRMATION_UNAVAILABLE',
    });
    expect(await store.requests.list({})).toEqual([]);
  });

  it('shows inputs and previews only to the requester, the approvers and admins; URL secrets never', async () => {
    const source = 'https://user:hunter2@images.example/cirros.img?X-Amz-Signature=s3cr3t&v=1';
    const id = await ask('touch', cli('carol'), { label: 'a', source });
    const seenBy = async (actor: Actor) =>
      ((await gateway.run('get_request', { request_id: id }, actor)) as { output: Json }).output;
    for (const actor of [cli('carol'), slack('U0BOB'), cli('auditor')]) {
      const view = await seenBy(actor);
      expect(view['input']['label']).toBe('a');
      expect(view['preview']).toContain('images.example/cirros.img');
      expect(JSON.stringify(view)).not.toMatch(/hunter2|s3cr3t/);
    }
    for (const actor of [mcp('viewer-bot'), cli('dave')]) {
      const view = await seenBy(actor);
      expect(view).toMatchObject({ request_id: id, status: 'pending_approval', requester: 'carol' });
      expect(view['input']).toBeUndefined();
      expect(JSON.stringify(view)).not.toContain('images.example');
      const listed = ((await gateway.run('list_requests', {}, actor)) as { output: Json }).output['requests'];
      expect(listed.map((v: Json) => v['request_id'])).toEqual([id]);
      expect(JSON.stringify(listed)).not.toContain('images.example');
    }
  });
});

describe('self-confirmation in the policy', () => {
  it('is refused together with approvals from a group, saying what to write instead', () => {
    const bad = POLICY.replace(
      'touch_self: { approval: { allow_self_confirmation: true } }',
      'touch_self: { approval: { approvals: 1, group: approvers, allow_self_confirmation: true } }',
    );
    expect(() => parsePolicy(bad, 'p.yaml')).toThrow(/operations\.touch_self\.approval.*allow_self_confirmation/);
  });

  it('refuses people who share an id, naming it', () => {
    const bad = POLICY.replace('bob: { slack: [U0BOB], cli: [bob] }', 'bob: { slack: [U0BOB], cli: [bob, asmith] }');
    expect(() => parsePolicy(bad, 'p.yaml')).toThrow(/asmith/);
  });
});
