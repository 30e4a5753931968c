import type { NodeRec, SnapshotRec, VolumeRec } from './model.js';
import type { ClusterState, EventRec } from './state.js';

/**
 * JSON as grpc-gateway renders the proto messages: proto field names (`UUID`, `IPAcl`, `ETag`), enum names,
 * uint64 as strings of digits, timestamps as RFC 3339; fields without a value are left out.
 */

export function volumeJson(s: ClusterState, v: VolumeRec): Record<string, unknown> {
  return {
    state: v.state,
    protectionState: s.protection(v),
    replicaCount: v.replicaCount,
    nodeList: v.nodeList,
    UUID: v.uuid,
    nsid: v.nsid,
    acl: { values: v.acl },
    compression: String(v.compression),
    size: String(v.sizeBytes),
    name: v.name,
    statistics: {
      logicalUsedStorage: String(v.writtenBytes),
      physicalUsedStorage: String(v.writtenBytes * v.replicaCount),
      compressionRatio: 1,
    },
    IPAcl: { values: v.ipAcl },
    ETag: String(v.etag),
    sectorSize: 4096,
    projectName: v.project,
    ...(v.sourceSnapshotUuid && { sourceSnapshotUUID: v.sourceSnapshotUuid, sourceSnapshotName: v.sourceSnapshotName }),
    ...(v.qosPolicyUuid && { qosPolicyUUID: v.qosPolicyUuid }),
    primaryNodeUUID: v.primary,
    creationTime: v.creationTime,
    clusterId: s.uuid,
  };
}

export function snapshotJson(s: ClusterState, snap: SnapshotRec): Record<string, unknown> {
  return {
    state: snap.state,
    UUID: snap.uuid,
    name: snap.name,
    ...(snap.description && { description: snap.description }),
    creationTime: snap.creationTime,
    sourceVolumeUUID: snap.sourceVolumeUuid,
    sourceVolumeName: snap.sourceVolumeName,
    replicaCount: snap.replicaCount,
    nodeList: snap.nodeList,
    nsid: snap.nsid,
    acl: { values: snap.acl },
    ...(snap.compression && { compression: true }),
    size: String(snap.sizeBytes),
    IPAcl: { values: snap.ipAcl },
    sectorSize: 4096,
    ETag: String(snap.etag),
    projectName: snap.project,
    primaryNodeUUID: snap.primary,
    clusterId: s.uuid,
  };
}

export function nodeJson(n: NodeRec): Record<string, unknown> {
  return {
    name: n.name,
    UUID: n.uuid,
    state: n.state,
    nvmeEndpoint: n.nvmeEndpoint,
    failureDomains: [n.hostname],
    hostname: n.hostname,
    serverUUID: n.serverUuid,
    ETag: String(n.etag),
  };
}

export function clusterInfoJson(s: ClusterState): Record<string, unknown> {
  const active = s.nodes.filter((n) => n.state === 'Active').length;
  return {
    UUID: s.uuid,
    subsystemNQN: s.subsystemNqn,
    currentMaxReplicas: Math.min(3, active),
    supportedMaxReplicas: Math.min(3, s.nodes.length),
    ETag: '1',
    apiEndpoints: s.apiEndpoints,
    discoveryEndpoints: s.nodes.map((n) => n.nvmeEndpoint.replace(/:\d+$/, ':8009')),
    nvmeEndpoints: s.nodes.map((n) => n.nvmeEndpoint),
    clusterName: s.clusterName,
  };
}

export function eventJson(e: EventRec): Record<string, unknown> {
  return {
    ID: e.ID,
    Time: e.Time,
    Type: e.Type,
    Severity: e.Severity,
    EventName: e.EventName,
    ReportingService: 'CM',
    Status: e.Status,
    Description: e.Description,
    ...(e.nodeUuid && { ComponentNodeInfo: { ID: e.nodeUuid, Name: e.nodeName } }),
  };
}
