import type { LightbitsBackend } from './backend.js';
import { LightbitsApiError } from './errors.js';
import type { VolumeRec } from './model.js';
import { createSnapshot, deleteSnapshot } from './snapshots.js';
import type { ClusterState } from './state.js';
import { createVolume, deleteVolume, updateVolume } from './volumes.js';

/**
 * The emulated Cinder's way into the cluster, following cinder/volume/drivers/lightos.py: look up by name
 * first (a retried create finds its earlier volume), create, then wait for `Available`; deletes of what is
 * already gone succeed. Failures are LightbitsApiError with the status the REST API would give.
 */
export function createCinderBackend(s: ClusterState): LightbitsBackend {
  const gone = (rec: { uuid: string }, map: Map<string, unknown>) => () => !map.has(rec.uuid);
  const settledVolume = async (v: VolumeRec) => {
    await s.scheduler.until(() => !s.volumes.has(v.uuid) || !['Creating', 'Updating'].includes(v.state));
    if (!s.volumes.has(v.uuid) || v.state !== 'Available') {
      throw new LightbitsApiError(500, `volume ${v.name} ended ${s.volumes.has(v.uuid) ? v.state : 'deleted'}`);
    }
  };

  return {
    async createVolume(req) {
      const v =
        s.volumeByName(req.project, req.name) ??
        createVolume(s, {
          project: req.project,
          name: req.name,
          sizeBytes: req.sizeBytes,
          replicaCount: req.replicaCount,
          acl: ['ALLOW_NONE'],
          ipAcl: ['ALLOW_ANY'],
          ...(req.sourceSnapshotName && { sourceSnapshotName: req.sourceSnapshotName }),
        });
      await settledVolume(v);
      return { uuid: v.uuid };
    },

    async deleteVolume(project, name) {
      const v = s.volumeByName(project, name);
      if (!v) return;
      if (v.state !== 'Deleting') {
        await settledVolume(v);
        deleteVolume(s, v);
      }
      await s.scheduler.until(gone(v, s.volumes));
    },

    async extendVolume(project, name, sizeBytes) {
      const v = s.volumeByName(project, name);
      if (!v) throw new LightbitsApiError(404, `volume ${name} not found in project ${project}`);
      await settledVolume(v);
      updateVolume(s, v, { sizeBytes });
      await settledVolume(v);
    },

    async createSnapshot(req) {
      const snap = s.snapshotByName(req.project, req.name) ?? createSnapshot(s, req);
      await s.scheduler.until(() => !s.snapshots.has(snap.uuid) || snap.state !== 'Creating');
      if (snap.state !== 'Available' || !s.snapshots.has(snap.uuid)) {
        throw new LightbitsApiError(500, `snapshot ${snap.name} ended ${snap.state}`);
      }
      return { uuid: snap.uuid };
    },

    async deleteSnapshot(project, name) {
      const snap = s.snapshotByName(project, name);
      if (!snap) return;
      if (snap.state === 'Creating') await s.scheduler.until(() => snap.state !== 'Creating');
      if (snap.state !== 'Deleting') deleteSnapshot(s, snap);
      await s.scheduler.until(gone(snap, s.snapshots));
    },

    hasVolume(project, name) {
      const v = s.volumeByName(project, name);
      return v !== undefined && v.state !== 'Deleting';
    },
  };
}
