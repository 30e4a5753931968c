import { formatSize } from './size.js';

/** Request bodies, field for field as cinder/volume/drivers/lightos.py builds them (_generate_lightos_cmd). */

export interface CreateVolumeRequest {
  name: string;
  sizeBytes: number;
  /** 1–3; the driver's default (`lightos_default_num_replicas`) is 3. */
  replicaCount?: number;
  compression?: boolean;
  /** Host NQNs; the driver creates volumes with `['ALLOW_NONE']` and adds hosts on attach. */
  acl?: string[];
  /** IP addresses; the driver sends `['ALLOW_NONE']` (IP ACL in use) or `['ALLOW_ANY']`. */
  ipAcl?: string[];
  sourceSnapshotUuid?: string;
  /** Clone source by name, e.g. the driver's intermediate `for_clone_<new volume id>` snapshot. */
  sourceSnapshotName?: string;
  qosPolicyUuid?: string;
}

export interface VolumePatch {
  acl?: string[];
  ipAcl?: string[];
  sizeBytes?: number;
  compression?: boolean;
}

export interface CreateSnapshotRequest {
  name: string;
  sourceVolumeUuid?: string;
  sourceVolumeName?: string;
  description?: string;
}

export function createVolumeBody(req: CreateVolumeRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: req.name,
    size: formatSize(req.sizeBytes),
    replicaCount: req.replicaCount ?? 3,
    compression: req.compression ? 'true' : 'false',
    acl: { values: req.acl ?? ['ALLOW_NONE'] },
    IPAcl: { values: req.ipAcl ?? ['ALLOW_ANY'] },
    sourceSnapshotUUID: req.sourceSnapshotUuid ?? null,
    sourceSnapshotName: req.sourceSnapshotName ?? null,
  };
  if (req.qosPolicyUuid) body['qosPolicyUUID'] = req.qosPolicyUuid;
  return body;
}

/** update_volume: the driver sends both ACL lists; other fields only when asked. */
export function updateVolumeBody(patch: VolumePatch): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (patch.acl) body['acl'] = { values: patch.acl };
  if (patch.ipAcl) body['IPAcl'] = { values: patch.ipAcl };
  if (patch.sizeBytes !== undefined) body['size'] = formatSize(patch.sizeBytes);
  if (patch.compression !== undefined) body['compression'] = patch.compression ? 'true' : 'false';
  return body;
}

/** extend_volume: `{UUID, size}`. */
export function extendVolumeBody(uuid: string, sizeBytes: number): Record<string, unknown> {
  return { UUID: uuid, size: formatSize(sizeBytes) };
}

/** create_snapshot: `{name, sourceVolumeUUID, sourceVolumeName}`; the API takes either source (UUID wins). */
export function createSnapshotBody(req: CreateSnapshotRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: req.name,
    sourceVolumeUUID: req.sourceVolumeUuid ?? null,
    sourceVolumeName: req.sourceVolumeName ?? null,
  };
  if (req.description) body['description'] = req.description;
  return body;
}
