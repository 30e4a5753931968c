import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Services } from '../../../src/app/services.js';
import { verifyAuditChain } from '../../../src/core/audit/verify.js';
import type { Gateway } from '../../../src/core/engine/gateway.js';
import { type AnyOperation, defineOperation } from '../../../src/core/engine/operation.js';
import type { Actor } from '../../../src/core/people/actor.js';
import { approveRequest } from '../../../src/core/requests/approve-request.op.js';
import { cancelRequest } from '../../../src/core/requests/cancel-request.op.js';
import { denyRequest } from '../../../src/core/requests/deny-request.op.js';
import { getRequest } from '../../../src/core/requests/get-request.op.js';
import { queryAudit } from '../../../src/core/requests/query-audit.op.js';
import type { Store } from '../../../src/core/store/types.js';
import { TEST_AUDIT_KEY } from '../../helpers/audit-chain.js';
import { servicesWithoutCloud, useEmptiedStore } from '../../helpers/engine-services.js';
import { engines } from '../../helpers/store-engines.js';

const requester: Actor = { id: 'U_REQ', via: 'slack' };
const approver: Actor = { id: 'U_APP', via: 'slack' };
const approver2: Actor = { id: 'U_APP2', via: 'api' };
const stranger: Actor = { id: 'U_X', via: 'slack' };
const assistant: Actor = { id: 'claude', via: 'mcp' };

const POLICY = `
version: 1
expiry_minutes: 30
approver_groups:
  approvers: { members: [U_APP, U_APP2, claude] }
roles: { operator: [read, write] }
actors: { '*': [operator] }
operations:
  touch: { approval: { approvals: 1, group: approvers }, limits: { max_count: 3 } }
  touch_twice: { approval: { approvals: 2, group: approvers } }
`;

/** A write operation that counts its runs: what the approval machinery must run exactly once. */
function counterOps(runs: string[]) {
  const make = (name: string) =>
    defineOperation({
      name,
      title: name,
      description: 'test operation',
      input: z.object({ label: z.string().min(1), count: z.number().int().default(1) }),
      output: z.object({ label: z.string(), runs: z.number() }),
      effect: 'write',
      preview: (i) => `touch ${i.label}`,
      summarize: (o) => o.label,
      resources: (i) => ({ label: i.label }),
      async run(i, ctx) {
        if (i.label === 'boom') {
          await ctx.checkpoint({ volume_id: 'vol-made' });
          throw new Error('storage fell over');
        }
        runs.push(i.label);
        ctx.progress({ message: `touching ${i.label}` });
        await new Promise((r) => setTimeout(r, 20));
        return { label: i.label, runs: runs.length };
      },
    });
  return [make('touch'), make('touch_twice')] as unknown as AnyOperation[];
}

describe.each(engines('gateway'))('gateway and approvals on $name', (engine) => {
  let store: Store;
  let services: Services;
  let gateway: Gateway;
  let runs: string[];
  let clock: Date;

  const openStore = useEmptiedStore(engine);
  beforeEach(() => {
    store = openStore();
    runs = [];
    clock = new Date();
    ({ services, gateway } = servicesWithoutCloud(
      store,
      POLICY,
      [...counterOps(runs), getRequest, approveRequest, denyRequest, cancelRequest, queryAudit] as AnyOperation[],
      { now: () => clock },
    ));
  });

  async function pending(label = 'a'): Promise<string> {
    const r = await gateway.run('touch', { label }, requester);
    expect(r.status).toBe('pending_approval');
    if (r.status !== 'pending_approval') throw new Error('not pending');
    return r.request.request_id;
  }

  async function events(): Promise<string[]> {
    return (await store.audit.query({ limit: 100 })).reverse().map((e) => `${e.event}:${e.actor.id}`);
  }

  it('opens a pending request with a preview and audits it, running nothing', async () => {
    const r = await gateway.run('touch', { label: 'x' }, requester);
    expect(r.status).toBe('pending_approval');
    if (r.status !== 'pending_approval') return;
    expect(r.request).toMatchObject({
      preview: 'touch x',
      approvers: ['U_APP', 'U_APP2', 'claude'],
      approvals_required: 1,
    });
    expect(runs).toEqual([]);
    expect(await events()).toEqual(['requested:U_REQ']);
  });

  it('runs once another approver approves, and audits requested → approved → started → succeeded', async () => {
    const id = await pending();
    const out = await gateway.run('approve_request', { request_id: id }, approver);
    expect(out.status).toBe('succeeded');
    expect((out as { output: { status: string; result: unknown } }).output).toMatchObject({
      status: 'succeeded',
      result: { label: 'a', runs: 1 },
    });
    expect(runs).toEqual(['a']);
    expect(await events()).toEqual(['requested:U_REQ', 'approved:U_APP', 'started:U_REQ', 'succeeded:U_REQ']);
    expect(await verifyAuditChain(store, { keys: [TEST_AUDIT_KEY] })).toMatchObject({ ok: true, count: 4 });
  });

  it('refuses self-approval, a non-approver and an assistant, audits each refusal, and changes nothing', async () => {
    const id = await pending();
    for (const [actor, code] of [
      [requester, 'APPROVAL.SELF_APPROVAL'],
      [stranger, 'APPROVAL.NOT_APPROVER'],
      [assistant, 'APPROVAL.ASSISTANT'],
    ] as const) {
      await expect(gateway.run('approve_request', { request_id: id }, actor)).rejects.toMatchObject({ code });
    }
    expect(runs).toEqual([]);
    expect((await services.approvals.get(id)).state).toBe('pending');
    expect(await events()).toEqual(['requested:U_REQ', 'refused:U_REQ', 'refused:U_X', 'refused:claude']);
  });

  it("refuses a person approving their own assistant's request from another front door", async () => {
    const asked = await gateway.run('touch', { label: 'mine' }, { id: 'mcp:U_APP', via: 'mcp', onBehalfOf: 'U_APP' });
    if (asked.status !== 'pending_approval') throw new Error('not pending');
    await expect(
      gateway.run('approve_request', { request_id: asked.request.request_id }, approver),
    ).rejects.toMatchObject({
      code: 'APPROVAL.SELF_APPROVAL',
    });
    // Without onBehalfOf, an mcp:<login> identity is still that login's own.
    const bare = await gateway.run('touch', { label: 'bare' }, { id: 'mcp:U_APP2', via: 'mcp' });
    if (bare.status !== 'pending_approval') throw new Error('not pending');
    await expect(
      gateway.run('approve_request', { request_id: bare.request.request_id }, approver2),
    ).rejects.toMatchObject({
      code: 'APPROVAL.SELF_APPROVAL',
    });
    expect(runs).toEqual([]);
  });

  it('executes exactly once when two approvers click at the same time', async () => {
    const id = await pending();
    const results = await Promise.allSettled([
      gateway.run('approve_request', { request_id: id }, approver),
      gateway.run('approve_request', { request_id: id }, approver2),
      gateway.run('approve_request', { request_id: id }, approver),
    ]);
    expect(runs).toEqual(['a']);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    expect((await services.approvals.get(id)).state).toBe('succeeded');
    const log = await events();
    expect(log.filter((e) => e.startsWith('started'))).toHaveLength(1);
    // One approval was needed: the first click counts, the others are refused and audited as such.
    expect(log.filter((e) => e.startsWith('approved'))).toHaveLength(1);
    expect(log.filter((e) => e.startsWith('refused'))).toHaveLength(2);
    expect((await services.approvals.get(id)).approvals).toHaveLength(1);
  });

  it('needs every approval when the policy asks for two', async () => {
    const r = await gateway.run('touch_twice', { label: 'b' }, requester);
    if (r.status !== 'pending_approval') throw new Error('not pending');
    const id = r.request.request_id;
    const first = await gateway.run('approve_request', { request_id: id }, approver);
    expect((first as { output: { status: string } }).output.status).toBe('pending_approval');
    await expect(gateway.run('approve_request', { request_id: id }, approver)).rejects.toMatchObject({
      code: 'APPROVAL.ALREADY_APPROVED',
    });
    expect(runs).toEqual([]);
    await gateway.run('approve_request', { request_id: id }, approver2);
    expect(runs).toEqual(['b']);
  });

  it('expires a request past its time and refuses to approve it', async () => {
    const id = await pending();
    clock = new Date(clock.getTime() + 31 * 60_000);
    await expect(gateway.run('approve_request', { request_id: id }, approver)).rejects.toMatchObject({
      code: 'APPROVAL.EXPIRED',
    });
    expect(runs).toEqual([]);
    expect(await events()).toEqual(['requested:U_REQ', 'expired:blockops', 'refused:U_APP']);
  });

  it('denies with a reason, and a later approval is refused', async () => {
    const id = await pending();
    const denied = await gateway.run('deny_request', { request_id: id, reason: 'not today' }, approver);
    expect((denied as { output: { status: string; reason: string } }).output).toMatchObject({
      status: 'denied',
      reason: 'not today',
    });
    await expect(gateway.run('approve_request', { request_id: id }, approver2)).rejects.toMatchObject({
      code: 'APPROVAL.ALREADY_DECIDED',
    });
    expect(runs).toEqual([]);
  });

  it('lets the requester cancel, but not a stranger', async () => {
    const id = await pending();
    await expect(gateway.run('cancel_request', { request_id: id }, stranger)).rejects.toMatchObject({
      code: 'APPROVAL.NOT_ALLOWED',
    });
    const out = await gateway.run('cancel_request', { request_id: id }, requester);
    expect((out as { output: { status: string } }).output.status).toBe('cancelled');
  });

  it('rejects bad input and policy limits before anything is stored', async () => {
    await expect(gateway.run('touch', { label: '' }, requester)).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    await expect(gateway.run('touch', { label: 'x', count: 9 }, requester)).rejects.toMatchObject({
      code: 'POLICY.LIMIT',
    });
    await expect(gateway.run('no_such_op', {}, requester)).rejects.toMatchObject({ code: 'OPERATION.UNKNOWN' });
    expect(await store.requests.list({})).toEqual([]);
    expect(await events()).toEqual(['refused:U_REQ']);
  });

  it('records a failure with what it left behind', async () => {
    const id = await pending('boom');
    const out = await gateway.run('approve_request', { request_id: id }, approver);
    expect((out as { output: { status: string; error: { message: string } } }).output).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL' },
    });
    const failed = (await store.audit.query({ event: 'failed' }))[0];
    expect(failed?.error?.message).toMatch(/storage fell over/);
  });

  it('marks a job whose runner died as failed, naming what it had created', async () => {
    const id = await pending();
    await services.approvals.approve(id, approver);
    // A runner claims it, checkpoints a volume, then its process dies: no more heartbeats.
    const old = new Date(clock.getTime() - 10 * 60_000).toISOString();
    await store.requests.transition(id, ['approved'], 'running', {
      runner: 'dead:1',
      startedAt: old,
      heartbeatAt: old,
    });
    await store.requests.patch(id, { checkpoint: { volume_id: 'vol-orphan' } });
    const recovered = await services.jobs.recoverStale(60_000);
    expect(recovered.map((r) => r.id)).toEqual([id]);
    const row = await services.approvals.get(id);
    expect(row).toMatchObject({
      state: 'failed',
      error: { code: 'JOB.INTERRUPTED' },
      leftovers: [{ volume_id: 'vol-orphan' }],
    });
    const failed = (await store.audit.query({ event: 'failed' }))[0];
    expect(failed?.details).toMatchObject({ cleanup: 'resources left behind' });
    expect(runs).toEqual([]);
  });

  it('answers query_audit by resource and actor', async () => {
    const id = await pending('q');
    await gateway.run('approve_request', { request_id: id }, approver);
    const out = await gateway.run('query_audit', { resource: id, limit: 10 }, stranger);
    const records = (out as { output: { records: { event: string }[] } }).output.records;
    expect(records.map((r) => r.event)).toEqual(['succeeded', 'started', 'approved', 'requested']);
  });
});
