import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChores, runnerId, STALE_AFTER_MS } from '../../src/app/chores.js';
import type { RequestRow } from '../../src/core/store/types.js';
import { approvedRequest, stateOf } from '../helpers/approved.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';

/** The chores every process sharing the store runs, against a real SQLite store and an emulator over HTTP. */
describe('runChores', () => {
  let t: EmulatedApp;

  beforeAll(async () => {
    t = await startEmulatedApp();
  });
  afterAll(() => t.close());

  it('names this process by host and pid', () => {
    expect(runnerId()).toBe(`${hostname()}:${process.pid}`);
  });

  it('without run (a CLI command starting), fails jobs whose runner went silent and claims nothing', async () => {
    const stale = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'chores-stale' });
    const longAgo = new Date(Date.now() - STALE_AFTER_MS - 5_000).toISOString();
    expect((await t.app.services.store.requests.claimApproved('gone-host:1', longAgo))?.id).toBe(stale);
    const waiting = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'chores-waiting' });

    await runChores(t.app);
    const failed = await t.app.services.store.requests.get(stale);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'JOB.INTERRUPTED' } });
    expect(failed?.error?.message).toMatch(/runner gone-host:1/);
    expect(await stateOf(t.app, waiting)()).toBe('approved');
    await t.app.services.approvals.cancel(waiting, { id: 'alice', via: 'cli' });
  });

  it('with run, claims each approved request for this process and hands it over', async () => {
    const ids = [
      await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'chores-a' }),
      await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'chores-b' }),
    ];
    const handed: RequestRow[] = [];
    await runChores(t.app, { run: (row) => handed.push(row) });
    expect(handed.map((r) => r.id)).toEqual(ids);
    expect(handed.map((r) => [r.state, r.runner])).toEqual(ids.map(() => ['running', runnerId()]));
    for (const row of handed) expect((await t.app.services.desk.runClaimed(row)).state).toBe('succeeded');
  });

  it('puts a request back to approved when stopping began while it was being claimed', async () => {
    const id = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'chores-back' });
    let checks = 0;
    const handed: RequestRow[] = [];
    // false before the claim, true right after it: the stop came while the claim was under way.
    await runChores(t.app, { run: (row) => handed.push(row), stopping: () => checks++ > 0 });
    expect(handed).toEqual([]);
    expect(await stateOf(t.app, id)()).toBe('approved');
    expect((await t.app.services.store.audit.query({ resource: id })).map((e) => e.event)).not.toContain('started');
    await t.app.services.approvals.cancel(id, { id: 'alice', via: 'cli' });
  });
});
