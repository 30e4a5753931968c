import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/people/actor.js';
import type { RequestRow } from '../../src/core/store/types.js';
import { startBlockops } from '../helpers/cli.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';
import { assertAuditClean, type CloudIds, cloudIds, unrecorded } from './ledger.js';
import { reliabilityCase } from './report.js';

const bob: Actor = { id: 'bob', via: 'cli' };
const alice: Actor = { id: 'U0ALICE', via: 'slack' };
const POLICY = `
version: 1
approver_groups: { approvers: { members: [U0ALICE] } }
roles: { operator: [read, write] }
actors: { '*': [operator] }
operations:
  clone_image: { approval: { approvals: 1, group: approvers } }
`;
/** Cinder makes the volume at once but answers late: the window in which a signal lands mid-job. */
const SLOW_CREATE = { method: 'POST', path: '^/volume/v3/[^/]+/volumes$', answerLatencyMs: 2_500 };

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `blockops serve` stopped mid-job: SIGTERM lets the job finish and record its outcome; SIGKILL leaves a running
 * row that recovery fails, naming what the job made. Either way the cloud holds nothing no request records.
 */
describe('signals to serve mid-job', () => {
  let t: EmulatedApp;
  let before: CloudIds;

  beforeAll(async () => {
    t = await startEmulatedApp({ policy: POLICY });
    before = await cloudIds(t.app);
  });
  afterAll(() => t.close());

  /** An approved clone that a freshly started serve picks up; resolves once its create call is under way. */
  async function runningInServe(name: string) {
    const asked = await t.app.gateway.run('clone_image', { image: 'cirros', name }, bob);
    if (asked.status !== 'pending_approval') throw new Error('clone_image should need approval');
    const id = asked.request.request_id;
    await t.app.services.approvals.approve(id, alice);
    t.emu.faults.injectHttp(SLOW_CREATE);
    const serve = await startBlockops(['serve', '--port', '0'], t.env, /listening on/, { cwd: t.dir });
    const row = await until(
      () => t.app.services.store.requests.get(id),
      (r) => r?.state === 'running' && r.checkpoint?.['volume_name'] !== undefined,
      20_000,
    );
    expect(row?.state).toBe('running');
    return { id, serve };
  }

  it('SIGTERM: the job finishes and records its outcome before serve exits', async () => {
    await reliabilityCase('signals', 'SIGTERM mid-clone', async () => {
      const { id, serve } = await runningInServe('sigterm-vol');
      const started = Date.now();
      await serve.stop();
      const row = (await t.app.services.store.requests.get(id)) as RequestRow;
      expect(row.state).toBe('succeeded');
      expect(await unrecorded(t.app, before)).toEqual([]);
      await assertAuditClean(t.app);
      return `exited ${Date.now() - started} ms after SIGTERM, job succeeded`;
    });
  });

  it('SIGKILL: recovery fails the job and names the volume it made as a leftover', async () => {
    await reliabilityCase('signals', 'SIGKILL mid-clone', async () => {
      const { id, serve } = await runningInServe('sigkill-vol');
      serve.child.kill('SIGKILL');
      await new Promise((r) => serve.child.once('exit', r));
      // Cinder still finishes the volume the killed process asked for.
      await new Promise((r) => setTimeout(r, 3_000));
      const [recovered] = await t.app.services.jobs.recoverStale(0);
      expect(recovered).toMatchObject({ id, state: 'failed', error: { code: 'JOB.INTERRUPTED' } });
      expect(JSON.stringify(recovered?.leftovers)).toContain('sigkill-vol');
      expect(await unrecorded(t.app, before)).toEqual([]);
      await assertAuditClean(t.app);
      return 'recovered as JOB.INTERRUPTED with the volume as a leftover';
    });
  });
});
