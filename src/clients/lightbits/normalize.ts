import { parseSize } from './size.js';
import type {
  LightbitsClusterDetails,
  LightbitsClusterInfo,
  LightbitsEvent,
  LightbitsNode,
  LightbitsSnapshot,
  LightbitsVolume,
} from './types.js';
import type { ClusterInfoWire, ClusterWire, EventWire, NodeWire, SnapshotWire, VolumeWire } from './wire.js';

/** Wire shapes to caller shapes: names renamed at the boundary, proto3 zero values filled in. */
const opt = (v: string | null | undefined): string | undefined => (v ? v : undefined);
const num = (v: string | number | null | undefined): number => (v == null ? 0 : Number(v));

export function toVolume(w: VolumeWire): LightbitsVolume {
  const labels: Record<string, string> = {};
  for (const l of w.labels ?? []) if (l.key) labels[l.key] = l.value ?? '';
  const used = w.statistics?.logicalUsedStorage;
  return {
    uuid: w.UUID,
    name: w.name,
    state: w.state || 'Unknown',
    protectionState: w.protectionState || 'Unknown',
    replicaCount: num(w.replicaCount),
    nodeList: w.nodeList ?? [],
    primaryNodeUuid: opt(w.primaryNodeUUID),
    sizeBytes: parseSize(w.size ?? 0) ?? 0,
    compression: /^(true|enabled?)$/i.test(String(w.compression ?? '')),
    acl: w.acl?.values ?? [],
    ipAcl: w.IPAcl?.values ?? [],
    etag: opt(w.ETag),
    nsid: w.nsid ?? undefined,
    projectName: opt(w.projectName),
    sourceSnapshotUuid: opt(w.sourceSnapshotUUID),
    sourceSnapshotName: opt(w.sourceSnapshotName),
    rebuildProgress: opt(w.rebuildProgress),
    creationTime: opt(w.creationTime),
    labels,
    logicalUsedBytes: used == null ? undefined : Number(used),
  };
}

export function toSnapshot(w: SnapshotWire): LightbitsSnapshot {
  return {
    uuid: w.UUID,
    name: w.name,
    state: w.state || 'Unknown',
    sourceVolumeUuid: opt(w.sourceVolumeUUID),
    sourceVolumeName: opt(w.sourceVolumeName),
    replicaCount: num(w.replicaCount),
    nodeList: w.nodeList ?? [],
    primaryNodeUuid: opt(w.primaryNodeUUID),
    sizeBytes: parseSize(w.size ?? 0) ?? 0,
    etag: opt(w.ETag),
    projectName: opt(w.projectName),
    creationTime: opt(w.creationTime),
  };
}

export function toNode(w: NodeWire): LightbitsNode {
  return {
    uuid: w.UUID,
    name: opt(w.name),
    state: w.state || 'Unknown',
    nvmeEndpoint: opt(w.nvmeEndpoint),
    hostname: opt(w.hostname),
    serverUuid: opt(w.serverUUID),
    failureDomains: w.failureDomains ?? [],
    failureInfo: opt(w.failureInfo),
    permanentFailure: w.permanentFailure ?? false,
    inLocalRebuild: w.inLocalRebuild ?? false,
  };
}

export function toClusterInfo(w: ClusterInfoWire): LightbitsClusterInfo {
  return {
    uuid: w.UUID,
    subsystemNqn: w.subsystemNQN,
    clusterName: opt(w.clusterName),
    currentMaxReplicas: w.currentMaxReplicas ?? undefined,
    supportedMaxReplicas: w.supportedMaxReplicas ?? undefined,
    apiEndpoints: w.apiEndpoints ?? [],
    discoveryEndpoints: w.discoveryEndpoints ?? [],
    nvmeEndpoints: w.nvmeEndpoints ?? [],
  };
}

export function toClusterDetails(w: ClusterWire): LightbitsClusterDetails {
  const statistics: Record<string, number> = {};
  for (const [k, v] of Object.entries(w.statistics ?? {})) statistics[k] = Number(v);
  const h = w.health;
  const health = h && {
    state: h.state || 'None',
    numDegradedVolumes: h.numDegradedVolumes ?? 0,
    numReadOnlyVolumes: h.numReadOnlyVolumes ?? 0,
    numNotAvailableVolumes: h.numNotAvailableVolumes ?? 0,
    numInactiveNodes: h.numInactiveNodes ?? 0,
    numHealthyVolumes: h.numHealthyVolumes ?? 0,
  };
  return { ...toClusterInfo(w), statistics, health: health ?? undefined };
}

export function toEvent(w: EventWire): LightbitsEvent {
  return {
    id: w.ID,
    time: opt(w.Time),
    type: w.Type || 'UnknownType',
    severity: w.Severity || 'UnkownSeverity',
    name: opt(w.EventName),
    code: w.EventCode ?? undefined,
    status: opt(w.Status),
    description: opt(w.Description),
    nodeUuid: opt(w.ComponentNodeInfo?.ID),
    nodeName: opt(w.ComponentNodeInfo?.Name),
  };
}
