import { afterEach, describe, expect, it } from 'vitest';
import { createLightbitsCluster, LightbitsApiError } from '../../../src/emulator/lightbits/index.js';
import { seedClusterVolumes } from '../../helpers/emulator-seed.js';

const GiB = 1024 ** 3;
const cluster = createLightbitsCluster({ speed: 0, project: 'images' });
afterEach(() => cluster.dispose());

describe('the Cinder seam (LightbitsBackend)', () => {
  it('creates, clones through for_clone_<id>, extends and deletes like the driver', async () => {
    const b = cluster.backend;
    const src = await b.createVolume({ project: 'images', name: 'volume-src', sizeBytes: GiB, replicaCount: 3 });
    expect(cluster.state.volumes.get(src.uuid)?.state).toBe('Available');
    expect(b.hasVolume('images', 'volume-src')).toBe(true);

    await b.createSnapshot({ project: 'images', name: 'for_clone_new', sourceVolumeName: 'volume-src' });
    const clone = await b.createVolume({
      project: 'images',
      name: 'volume-new',
      sizeBytes: GiB,
      replicaCount: 3,
      sourceSnapshotName: 'for_clone_new',
    });
    await b.deleteSnapshot('images', 'for_clone_new');
    expect(cluster.state.snapshotByName('images', 'for_clone_new')).toBeUndefined();
    const rec = cluster.state.volumes.get(clone.uuid)!;
    expect(rec.sourceSnapshotName).toBe('for_clone_new');
    expect(rec.writtenBytes).toBe(0);

    await b.extendVolume('images', 'volume-new', 2 * GiB);
    expect(rec.sizeBytes).toBe(2 * GiB);

    await b.deleteVolume('images', 'volume-new');
    expect(b.hasVolume('images', 'volume-new')).toBe(false);
    await expect(b.deleteVolume('images', 'volume-new')).resolves.toBeUndefined();
    await expect(b.deleteSnapshot('images', 'for_clone_new')).resolves.toBeUndefined();
  });

  it('finds a volume it already made when a create is retried', async () => {
    const first = await cluster.backend.createVolume({
      project: 'images',
      name: 'volume-retry',
      sizeBytes: GiB,
      replicaCount: 1,
    });
    const again = await cluster.backend.createVolume({
      project: 'images',
      name: 'volume-retry',
      sizeBytes: GiB,
      replicaCount: 1,
    });
    expect(again.uuid).toBe(first.uuid);
  });

  it('fails like the API: unknown snapshot 400, unknown project 404, too many replicas 400', async () => {
    const b = cluster.backend;
    const missing = b.createVolume({
      project: 'images',
      name: 'v1',
      sizeBytes: GiB,
      replicaCount: 3,
      sourceSnapshotName: 'nope',
    });
    await expect(missing).rejects.toMatchObject({ status: 400 });
    await expect(
      b.createVolume({ project: 'ghost', name: 'v2', sizeBytes: GiB, replicaCount: 3 }),
    ).rejects.toBeInstanceOf(LightbitsApiError);
    await expect(
      b.createVolume({ project: 'ghost', name: 'v2', sizeBytes: GiB, replicaCount: 3 }),
    ).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      b.createVolume({ project: 'images', name: 'v3', sizeBytes: GiB, replicaCount: 4 }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(b.extendVolume('images', 'absent', GiB)).rejects.toMatchObject({ status: 404 });
  });

  it('places new volumes only on Active nodes', async () => {
    const c = createLightbitsCluster({ speed: 0 });
    c.failNode(0);
    await expect(
      c.backend.createVolume({ project: 'default', name: 'v', sizeBytes: GiB, replicaCount: 3 }),
    ).rejects.toMatchObject({
      status: 400,
    });
    const v = await c.backend.createVolume({ project: 'default', name: 'v', sizeBytes: GiB, replicaCount: 2 });
    expect(c.state.volumes.get(v.uuid)?.nodeList).not.toContain(c.nodes()[0]!.uuid);
    c.dispose();
  });
});

describe('seedClusterVolumes', () => {
  it('adds ten thousand Available volumes spread round-robin over the nodes', () => {
    const c = createLightbitsCluster({ speed: 0 });
    const names = seedClusterVolumes(c, 10_000);
    expect(new Set(names).size).toBe(10_000);
    const primaries = new Map<string, number>();
    for (const v of c.state.volumes.values()) {
      expect(v.state).toBe('Available');
      primaries.set(v.primary, (primaries.get(v.primary) ?? 0) + 1);
    }
    expect([...primaries.values()].sort()).toEqual([3333, 3333, 3334]);
    c.dispose();
  });
});
