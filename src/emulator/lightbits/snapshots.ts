import { randomUUID } from 'node:crypto';
import { badRequest, conflict, notFound, unavailable } from './errors.js';
import { DELAYS, type SnapshotRec } from './model.js';
import type { ClusterState } from './state.js';
import { checkEtag } from './volumes.js';

const NAME = /^[a-zA-Z0-9\-_.]{1,253}$/;

export interface NewSnapshot {
  project: string;
  name: string;
  sourceVolumeUuid?: string;
  sourceVolumeName?: string;
  description?: string;
}

export function getSnapshot(s: ClusterState, project: string, uuid: string): SnapshotRec {
  s.requireProject(project);
  const snap = s.snapshots.get(uuid);
  if (!snap || snap.project !== project) throw notFound(`snapshot ${uuid} not found in project ${project}`);
  return snap;
}

export function getSnapshotByName(s: ClusterState, project: string, name: string): SnapshotRec {
  s.requireProject(project);
  const snap = s.snapshotByName(project, name);
  if (!snap) throw notFound(`snapshot named ${name} not found in project ${project}`);
  return snap;
}

/** A snapshot lives on its volume's nodes; `Creating`, then `Available`. */
export function createSnapshot(s: ClusterState, req: NewSnapshot): SnapshotRec {
  s.requireProject(req.project);
  if (!NAME.test(req.name)) throw badRequest(`invalid snapshot name "${req.name}"`);
  if (!req.sourceVolumeUuid && !req.sourceVolumeName)
    throw badRequest('sourceVolumeUUID or sourceVolumeName is required');
  const v = req.sourceVolumeUuid
    ? s.volumes.get(req.sourceVolumeUuid)
    : s.volumeByName(req.project, req.sourceVolumeName!);
  if (!v || v.project !== req.project) {
    throw notFound(`source volume ${req.sourceVolumeUuid ?? req.sourceVolumeName} not found`);
  }
  if (s.snapshotByName(req.project, req.name)) throw conflict(`snapshot "${req.name}" already exists`);
  if (v.state === 'Creating') throw unavailable(`volume ${v.name} is Creating; retry`);
  if (v.state === 'Deleting' || v.state === 'Failed') throw badRequest(`volume ${v.name} is ${v.state}`);
  const snap: SnapshotRec = {
    uuid: randomUUID(),
    name: req.name,
    project: req.project,
    state: 'Creating',
    description: req.description ?? '',
    sourceVolumeUuid: v.uuid,
    sourceVolumeName: v.name,
    replicaCount: v.replicaCount,
    nodeList: [...v.nodeList],
    primary: v.primary,
    nsid: s.allocateNsid(),
    acl: [...v.acl],
    ipAcl: [...v.ipAcl],
    compression: v.compression,
    sizeBytes: v.sizeBytes,
    etag: 1,
    creationTime: new Date().toISOString(),
  };
  s.addSnapshot(snap);
  s.scheduler.after(DELAYS.createSnapshot, () => {
    if (s.snapshots.get(snap.uuid) !== snap || snap.state !== 'Creating') return;
    snap.state = 'Available';
    snap.etag++;
  });
  return snap;
}

export function deleteSnapshot(s: ClusterState, snap: SnapshotRec, ifMatch?: string): void {
  checkEtag(snap.etag, ifMatch);
  if (snap.state === 'Creating') throw unavailable(`snapshot ${snap.name} is Creating; retry`);
  if (snap.state !== 'Available') throw badRequest(`snapshot ${snap.name} is ${snap.state} and cannot be deleted`);
  snap.state = 'Deleting';
  snap.etag++;
  s.scheduler.after(DELAYS.deleteSnapshot, () => {
    if (s.snapshots.get(snap.uuid) === snap) s.removeSnapshot(snap);
  });
}
