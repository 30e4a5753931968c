import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCloud } from '../../src/app/cloud.js';
import { collect } from '../../src/clients/openstack/index.js';
import { bob, until } from '../helpers/approved.js';
import { startBlockops } from '../helpers/cli.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';

/** The approver's process is the CLI on the database: it acts as the operating-system user running the tests. */
const OS_USER = userInfo().username;

/**
 * The process running a job is killed while Cinder is creating its volume: after the request, before the answer
 * and so before the id could be checkpointed. Recovery must still name the volume, found by its recorded name.
 */
describe('a process killed between asking for a volume and recording it', () => {
  let t: EmulatedApp;

  beforeAll(async () => {
    t = await startEmulatedApp({ approvers: OS_USER });
  });
  afterAll(() => t.close());

  it('leaves a volume that recovery finds by name and lists as a leftover', async () => {
    const asked = await t.app.gateway.run('clone_image', { image: 'cirros', name: 'crash-vol' }, bob);
    if (asked.status !== 'pending_approval') throw new Error('clone_image should need approval');
    const id = asked.request.request_id;
    // Cinder makes the volume at once but takes its time answering: long enough to kill the approver's process.
    t.emu.faults.injectHttp({ method: 'POST', path: '^/volume/v3/[^/]+/volumes$', answerLatencyMs: 10_000 });
    const approver = await startBlockops(
      ['approve-request', '--request-id', id],
      t.env,
      /Creating a \d+ GB \S+ volume/,
    );
    const row = await until(
      () => t.app.services.store.requests.get(id),
      (r) => r?.state === 'running' && r.checkpoint?.['volume_name'] !== undefined,
      15_000,
    );
    // The kill must land after Cinder has the request (the volume exists) and before its answer: the checkpoint
    // is written just before the request leaves, so killing at the checkpoint alone could beat the request.
    const cloud = emulatorCloud(t.emu, { imageDirs: [], pollMs: 20 });
    const made = await until(
      async () => (await collect(cloud.openstack.volume.listVolumes({ name: 'crash-vol' }))).map((v) => v.id),
      (ids) => ids.length === 1,
      15_000,
    );
    approver.child.kill('SIGKILL');
    expect(row?.checkpoint).toEqual({ volume_name: 'crash-vol' });
    expect(made).toHaveLength(1);
    expect((await t.app.services.store.requests.get(id))?.checkpoint).toEqual({ volume_name: 'crash-vol' });

    const [recovered] = await t.app.services.jobs.recoverStale(0);
    expect(recovered).toMatchObject({ id, state: 'failed', error: { code: 'JOB.INTERRUPTED' } });
    expect(recovered?.leftovers).toContainEqual(
      expect.objectContaining({ volume_name: 'crash-vol', volume_ids: made }),
    );
    const failed = (await t.app.services.store.audit.query({ resource: id, event: 'failed' }))[0];
    expect(failed?.details?.['leftovers']).toEqual(recovered?.leftovers);
  });
});
