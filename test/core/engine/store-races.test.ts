import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Services } from '../../../src/app/services.js';
import type { Gateway } from '../../../src/core/engine/gateway.js';
import { type AnyOperation, defineOperation } from '../../../src/core/engine/operation.js';
import { isOpsError } from '../../../src/core/errors/ops-error.js';
import type { Actor } from '../../../src/core/people/actor.js';
import type { Store } from '../../../src/core/store/types.js';
import { servicesWithoutCloud, useEmptiedStore } from '../../helpers/engine-services.js';
import { engines } from '../../helpers/store-engines.js';

const requester: Actor = { id: 'U_REQ', via: 'cli' };
const approver: Actor = { id: 'U_APP', via: 'slack' };

const POLICY = `
version: 1
approver_groups:
  approvers: { members: [U_APP] }
roles: { operator: [read, write] }
actors: { '*': [operator] }
rate_limits: { writes_per_hour: 60 }
operations:
  touch: { approval: { approvals: 1, group: approvers } }
`;

const touch = defineOperation({
  name: 'touch',
  title: 'touch',
  description: 'test operation',
  input: z.object({ label: z.string() }),
  output: z.object({ label: z.string() }),
  effect: 'write',
  summarize: (o) => o.label,
  run: async (i) => ({ label: i.label }),
}) as unknown as AnyOperation;

/** An audit log that refuses writes, as a full disk or a lost connection would, installed behind the store's back. */
const AUDIT_DOWN = {
  sqlite: {
    on: `create trigger audit_down before insert on audit_log begin select raise(abort, 'audit log is down'); end;`,
    off: 'drop trigger audit_down;',
  },
  postgres: {
    on: `create function audit_down() returns trigger language plpgsql as $$ begin raise exception 'audit log is down'; end $$;
         create trigger audit_down before insert on audit_log for each row execute function audit_down();`,
    off: 'drop trigger audit_down on audit_log; drop function audit_down();',
  },
};

describe.each(engines('store-races'))('writes that must be atomic, on $name', (engine) => {
  let store: Store;
  let services: Services;
  let gateway: Gateway;

  const openStore = useEmptiedStore(engine);
  beforeEach(() => {
    store = openStore();
    ({ services, gateway } = servicesWithoutCloud(store, POLICY, [touch]));
  });

  it('100 concurrent writes against a limit of 60 an hour: exactly 60 open, 40 refused and audited', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => gateway.run('touch', { label: `w${i}` }, requester)),
    );
    const opened = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(opened).toHaveLength(60);
    expect(refused.map((e) => (isOpsError(e) ? e.code : String(e)))).toEqual(Array(40).fill('POLICY.RATE_LIMITED'));
    expect(await store.requests.list({ requester: requester.id, limit: 1000 })).toHaveLength(60);
    expect(await store.audit.query({ event: 'refused', limit: 1000 })).toHaveLength(40);
    expect(await store.audit.query({ event: 'requested', limit: 1000 })).toHaveLength(60);
  });

  it('an approval whose audit record cannot be written is not counted, and a later approval goes through', async () => {
    const asked = await gateway.run('touch', { label: 'x' }, requester);
    if (asked.status !== 'pending_approval') throw new Error('touch should need approval');
    const id = asked.request.request_id;

    await engine.exec(AUDIT_DOWN[engine.name].on);
    const failed = await services.approvals.approve(id, approver).catch((e: unknown) => e);
    await engine.exec(AUDIT_DOWN[engine.name].off);
    expect(failed).toBeInstanceOf(Error);
    expect(await store.requests.get(id)).toMatchObject({ state: 'pending', approvals: [] });

    const approved = await services.approvals.approve(id, approver);
    expect(approved).toMatchObject({ state: 'approved', approvals: [{ actor: approver }] });
    const events = (await store.audit.query({ resource: id })).map((e) => e.event).reverse();
    expect(events).toEqual(['requested', 'approved']);
  });
});
