import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { GiB, LightbitsClient } from '../../../src/clients/lightbits/index.js';
import { seedClusterVolumes } from '../../helpers/emulator-seed.js';
import { eventually, type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const available = (id: string) => async () => {
  const v = await h.client.getVolume(id);
  return v.state === 'Available' ? v : undefined;
};

describe('LightbitsClient against the emulated cluster', () => {
  it('creates a volume, snapshots it and clones it the way the Cinder driver does', async () => {
    const created = await h.client.createVolume({ name: 'volume-src', sizeBytes: 10 * GiB, replicaCount: 3 });
    expect(created.state).toBe('Creating');
    const source = await eventually(available(created.uuid), 'source Available');
    expect(source).toMatchObject({ protectionState: 'FullyProtected', replicaCount: 3, sizeBytes: 10 * GiB });
    expect(new Set(source.nodeList).size).toBe(3);
    expect(source.nodeList).toContain(source.primaryNodeUuid);

    const cloneId = '0f0e0d0c-0000-4000-8000-00000000000a';
    const snap = await h.client.createSnapshot({ name: `for_clone_${cloneId}`, sourceVolumeName: 'volume-src' });
    await eventually(
      async () => ((await h.client.getSnapshot(snap.uuid)).state === 'Available' ? true : undefined),
      'snapshot',
    );
    const clone = await h.client.createVolume({
      name: `volume-${cloneId}`,
      sizeBytes: 10 * GiB,
      replicaCount: 3,
      sourceSnapshotName: `for_clone_${cloneId}`,
    });
    const ready = await eventually(available(clone.uuid), 'clone Available');
    expect(ready.sourceSnapshotName).toBe(`for_clone_${cloneId}`);
    expect(ready.sourceSnapshotUuid).toBe(snap.uuid);
    expect(ready.nodeList).toEqual(source.nodeList);

    await h.client.deleteSnapshot(snap.uuid);
    await h.cluster.settled();
    expect(await h.client.findSnapshotByName(`for_clone_${cloneId}`)).toBeUndefined();
    expect((await h.client.findVolumeByName(`volume-${cloneId}`))?.uuid).toBe(clone.uuid);
    expect(await h.client.findVolumeByName('volume-nope')).toBeUndefined();
  });

  it('shows a failed node as Degraded protection on its volumes, and FullyProtected after restore', async () => {
    const made = await h.client.createVolume({ name: 'volume-a', sizeBytes: GiB, replicaCount: 2 });
    const vol = await eventually(available(made.uuid), 'volume');
    const other = await h.client.createVolume({ name: 'volume-b', sizeBytes: GiB, replicaCount: 3 });
    await h.cluster.settled();
    const failed = vol.primaryNodeUuid!;

    h.cluster.pause();
    h.cluster.failNode(failed);
    expect((await h.client.getNode(failed)).state).toBe('Deactivating');
    expect((await h.client.getVolume(vol.uuid)).primaryNodeUuid).toBe(failed);
    expect((await h.client.getVolume(vol.uuid)).protectionState).toBe('ReadOnly');
    expect((await h.client.getVolume(other.uuid)).protectionState).toBe('Degraded');

    h.cluster.resume();
    await h.cluster.settled();
    expect((await h.client.getNode(failed)).state).toBe('Inactive');
    const after = await h.client.getVolume(vol.uuid);
    expect(after.primaryNodeUuid).not.toBe(failed);
    expect(after.nodeList).toContain(after.primaryNodeUuid);
    const health = (await h.client.cluster()).health;
    expect(health).toMatchObject({ state: 'Error', numInactiveNodes: 1, numReadOnlyVolumes: 1, numDegradedVolumes: 1 });
    const events = (await h.client.listEvents()).events.filter((e) => e.nodeUuid === failed);
    expect(events.map((e) => e.status)).toEqual(['Deactivating', 'Inactive']);
    expect(Date.parse(events[0]!.time!)).not.toBeNaN();

    h.cluster.pause();
    h.cluster.restoreNode(failed);
    expect((await h.client.getNode(failed)).state).toBe('Activating');
    expect((await h.client.getVolume(other.uuid)).protectionState).toBe('Degraded');
    h.cluster.resume();
    await h.cluster.settled();
    expect((await h.client.getNode(failed)).state).toBe('Active');
    expect((await h.client.getVolume(vol.uuid)).protectionState).toBe('FullyProtected');
    expect((await h.client.getVolume(other.uuid)).protectionState).toBe('FullyProtected');
  });

  it('keeps answering through the other endpoints while one API listener is down', async () => {
    await h.api.setEndpointDown(0, true);
    expect(await h.client.listNodes()).toHaveLength(3);
    expect(h.client.activeEndpoint).toBe(h.api.endpoints[1]);

    const onlyFirst = new LightbitsClient({ endpoints: [h.api.endpoints[0]!], jwt: h.cluster.jwt, project: 'default' });
    expect((await onlyFirst.listNodes().catch((e: ApiError) => e)) as ApiError).toMatchObject({ status: 0 });
    await h.api.setEndpointDown(0, false);
    expect(await onlyFirst.listNodes()).toHaveLength(3);
  });

  it('honours If-Match and refuses a wrong JWT', async () => {
    const made = await h.client.createVolume({ name: 'volume-etag', sizeBytes: GiB });
    const vol = await eventually(available(made.uuid), 'volume');
    const stale = await h.client.updateVolume(vol.uuid, { acl: ['nqn.host-1'] }, 'stale').catch((e: ApiError) => e);
    expect(stale).toMatchObject({ status: 412 });
    await h.client.updateVolume(vol.uuid, { acl: ['nqn.host-1'] }, vol.etag);
    const updated = await eventually(available(vol.uuid), 'update done');
    expect(updated.acl).toEqual(['nqn.host-1']);
    expect(updated.etag).not.toBe(vol.etag);

    const intruder = new LightbitsClient({ endpoints: h.api.endpoints, jwt: 'wrong', project: 'default' });
    const denied = await intruder.listNodes().catch((e: ApiError) => e);
    expect(denied).toBeInstanceOf(ApiError);
    expect((denied as ApiError).status).toBe(401);
  });

  it('reports capacity that follows the volumes, and lists thousands of seeded volumes page by page', async () => {
    const before = (await h.client.cluster()).statistics;
    const names = seedClusterVolumes(h.cluster, 2500, { sizeBytes: 2 * GiB });
    const after = (await h.client.cluster()).statistics;
    expect(after['logicalStorage']! - before['logicalStorage']!).toBe(2500 * 2 * GiB);
    expect(before['freePhysicalStorage']! - after['freePhysicalStorage']!).toBe(2500 * 2 * GiB * 3);
    const listed = await h.client.listVolumes();
    expect(listed).toHaveLength(2500);
    expect(new Set(listed.map((v) => v.name))).toEqual(new Set(names));
  });
});
