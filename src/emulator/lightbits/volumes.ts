import { randomUUID } from 'node:crypto';
import { badRequest, conflict, LightbitsApiError, notFound, unavailable } from './errors.js';
import { DELAYS, type VolumeRec } from './model.js';
import type { ClusterState } from './state.js';

/** CreateVolumeRequest.name: "between 1 and 253 characters … alphanumeric, hyphen, underscore and period". */
const NAME = /^[a-zA-Z0-9\-_.]{1,253}$/;

export interface NewVolume {
  project: string;
  name: string;
  sizeBytes: number;
  /** Absent: 3, or fewer when fewer nodes are Active. */
  replicaCount?: number;
  compression?: boolean;
  acl?: string[];
  ipAcl?: string[];
  sourceSnapshotUuid?: string;
  sourceSnapshotName?: string;
  qosPolicyUuid?: string;
}

export interface VolumeChange {
  acl?: string[];
  ipAcl?: string[];
  sizeBytes?: number;
  compression?: boolean;
  force?: boolean;
}

export function getVolume(s: ClusterState, project: string, uuid: string): VolumeRec {
  s.requireProject(project);
  const v = s.volumes.get(uuid);
  if (!v || v.project !== project) throw notFound(`volume ${uuid} not found in project ${project}`);
  return v;
}

export function getVolumeByName(s: ClusterState, project: string, name: string): VolumeRec {
  s.requireProject(project);
  const v = s.volumeByName(project, name);
  if (!v) throw notFound(`volume named ${name} not found in project ${project}`);
  return v;
}

/** Starts in `Creating`; `Available` after a delay. A clone sits on its snapshot's nodes. */
export function createVolume(s: ClusterState, req: NewVolume): VolumeRec {
  s.requireProject(req.project);
  if (!NAME.test(req.name)) throw badRequest(`invalid volume name "${req.name}"`);
  if (!(req.sizeBytes > 0)) throw badRequest('size must be a positive number of bytes');
  if (s.volumeByName(req.project, req.name)) throw conflict(`volume "${req.name}" already exists`);
  const source = sourceSnapshot(s, req);
  if (source && req.sizeBytes < source.sizeBytes) throw badRequest('a clone cannot be smaller than its snapshot');
  const active = s.nodes.filter((n) => n.state === 'Active').length;
  const nodeList = source ? [...source.nodeList] : s.place(req.replicaCount ?? Math.max(1, Math.min(3, active)));
  const v: VolumeRec = {
    uuid: randomUUID(),
    name: req.name,
    project: req.project,
    state: 'Creating',
    replicaCount: nodeList.length,
    nodeList,
    primary: source?.primary ?? nodeList[0]!,
    nsid: s.allocateNsid(),
    acl: req.acl?.length ? req.acl : ['ALLOW_NONE'],
    ipAcl: req.ipAcl?.length ? req.ipAcl : ['ALLOW_ANY'],
    compression: req.compression ?? false,
    sizeBytes: req.sizeBytes,
    writtenBytes: source ? 0 : req.sizeBytes,
    etag: 1,
    creationTime: new Date().toISOString(),
    ...(source && { sourceSnapshotUuid: source.uuid, sourceSnapshotName: source.name }),
    ...(req.qosPolicyUuid && { qosPolicyUuid: req.qosPolicyUuid }),
  };
  s.addVolume(v);
  settle(s, v, 'Creating', DELAYS.createVolume);
  return v;
}

export function updateVolume(s: ClusterState, v: VolumeRec, change: VolumeChange, ifMatch?: string): void {
  checkEtag(v.etag, ifMatch);
  if (v.state === 'Creating' || v.state === 'Updating') throw unavailable(`volume ${v.uuid} is ${v.state}; retry`);
  if (v.state !== 'Available') throw badRequest(`volume ${v.uuid} is ${v.state} and cannot be updated`);
  if (change.sizeBytes !== undefined && change.sizeBytes < v.sizeBytes && !change.force) {
    throw badRequest('the new size is smaller than the volume; set Force to shrink it');
  }
  if (change.acl) v.acl = change.acl;
  if (change.ipAcl) v.ipAcl = change.ipAcl;
  if (change.compression !== undefined) v.compression = change.compression;
  if (change.sizeBytes !== undefined) v.sizeBytes = change.sizeBytes;
  v.state = 'Updating';
  v.etag++;
  settle(s, v, 'Updating', DELAYS.updateVolume);
}

/** `Deleting`, then gone (GET answers 404). */
export function deleteVolume(s: ClusterState, v: VolumeRec, ifMatch?: string): void {
  checkEtag(v.etag, ifMatch);
  if (v.state === 'Creating' || v.state === 'Updating') throw unavailable(`volume ${v.uuid} is ${v.state}; retry`);
  if (v.state !== 'Available') throw badRequest(`volume ${v.uuid} is ${v.state} and cannot be deleted`);
  v.state = 'Deleting';
  v.etag++;
  s.scheduler.after(DELAYS.deleteVolume, () => {
    if (s.volumes.get(v.uuid) === v) s.removeVolume(v);
  });
}

export function checkEtag(current: number, ifMatch: string | undefined): void {
  if (ifMatch && ifMatch !== String(current)) throw new LightbitsApiError(412, 'Etag mismatch');
}

function settle(s: ClusterState, v: VolumeRec, from: VolumeRec['state'], delay: number): void {
  s.scheduler.after(delay, () => {
    if (s.volumes.get(v.uuid) !== v || v.state !== from) return;
    v.state = 'Available';
    v.etag++;
  });
}

function sourceSnapshot(s: ClusterState, req: NewVolume) {
  if (!req.sourceSnapshotUuid && !req.sourceSnapshotName) return undefined;
  const snap = req.sourceSnapshotUuid
    ? s.snapshots.get(req.sourceSnapshotUuid)
    : s.snapshotByName(req.project, req.sourceSnapshotName!);
  if (!snap || snap.project !== req.project) {
    throw badRequest(`source snapshot ${req.sourceSnapshotUuid ?? req.sourceSnapshotName} not found`);
  }
  if (snap.state !== 'Available') throw badRequest(`source snapshot ${snap.name} is ${snap.state}, not Available`);
  return snap;
}
