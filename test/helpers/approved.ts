import type { App } from '../../src/app/app.js';
import type { RequestView } from '../../src/core/engine/request-view.js';
import type { Actor } from '../../src/core/people/actor.js';
import type { RequestRow } from '../../src/core/store/types.js';

export const bob: Actor = { id: 'bob', via: 'cli' };
export const alice: Actor = { id: 'alice', via: 'cli' };

/**
 * A request bob asked for and alice approved, which nobody is running: what an approver's process leaves when
 * it stops right after approving, for a background runner to pick up. Needs a policy where alice approves `op`.
 */
export async function approvedRequest(app: App, op: string, input: Record<string, unknown>): Promise<string> {
  const asked = await app.gateway.run(op, input, bob);
  if (asked.status !== 'pending_approval') throw new Error(`${op} should need approval under this policy`);
  const id = asked.request.request_id;
  const row = await app.services.approvals.approve(id, alice);
  if (row.state !== 'approved') throw new Error(`${id} is ${row.state} after alice approved it`);
  return id;
}

/** `op` asked by bob and approved by alice through the gateway, run to success: its result (else it throws). */
export async function bobAsksAliceApproves(app: App, op: string, input: Record<string, unknown>): Promise<unknown> {
  const asked = await app.gateway.run(op, input, bob);
  if (asked.status !== 'pending_approval') throw new Error(`${op} should need approval, but was ${asked.status}`);
  const done = await app.gateway.run('approve_request', { request_id: asked.request.request_id }, alice);
  const view = (done as { output: RequestView }).output;
  if (view.status !== 'succeeded') throw new Error(`${op} ${view.status}: ${JSON.stringify(view.error)}`);
  return view.result;
}

/** A read by bob, which never waits for approval: its output. */
export async function readAsBob(app: App, op: string, input: Record<string, unknown>): Promise<unknown> {
  const r = await app.gateway.run(op, input, bob);
  if (r.status !== 'succeeded') throw new Error('reads never wait for approval');
  return r.output;
}

/** Polls read() until ok() holds or timeoutMs pass; returns the last value either way, for the assertion to show. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    value = await read();
  }
  return value;
}

/** The row's state, for until(). */
export function stateOf(app: App, id: string): () => Promise<RequestRow['state'] | undefined> {
  return async () => (await app.services.store.requests.get(id))?.state;
}
