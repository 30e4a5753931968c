import { z } from 'zod';

/**
 * JSON shapes of the Lightbits REST API v2 (grpc-gateway over `lightbits.api.duros.v2`, see durosapiv2.proto in
 * LightBitsLabs/los-csi). proto3 JSON leaves out zero values, so nearly every field may be absent; uint64 fields
 * (sizes, capacities) arrive as strings of digits; enums arrive as their names. Unknown fields are dropped.
 */
const uint64 = z.union([z.string(), z.number()]);
const stringList = z.object({ values: z.array(z.string()).nullish() });
const label = z.object({ key: z.string().nullish(), value: z.string().nullish() });

export const volumeWire = z.object({
  UUID: z.string(),
  name: z.string(),
  state: z.string().nullish(),
  protectionState: z.string().nullish(),
  replicaCount: z.union([z.number(), z.string()]).nullish(),
  nodeList: z.array(z.string()).nullish(),
  nsid: z.number().nullish(),
  acl: stringList.nullish(),
  IPAcl: stringList.nullish(),
  compression: z.union([z.string(), z.boolean()]).nullish(),
  size: uint64.nullish(),
  rebuildProgress: z.string().nullish(),
  ETag: z.string().nullish(),
  projectName: z.string().nullish(),
  sourceSnapshotUUID: z.string().nullish(),
  sourceSnapshotName: z.string().nullish(),
  qosPolicyUUID: z.string().nullish(),
  primaryNodeUUID: z.string().nullish(),
  creationTime: z.string().nullish(),
  labels: z.array(label).nullish(),
  statistics: z.object({ logicalUsedStorage: uint64.nullish(), physicalUsedStorage: uint64.nullish() }).nullish(),
});

export const snapshotWire = z.object({
  UUID: z.string(),
  name: z.string(),
  state: z.string().nullish(),
  description: z.string().nullish(),
  creationTime: z.string().nullish(),
  sourceVolumeUUID: z.string().nullish(),
  sourceVolumeName: z.string().nullish(),
  replicaCount: z.union([z.number(), z.string()]).nullish(),
  nodeList: z.array(z.string()).nullish(),
  size: uint64.nullish(),
  ETag: z.string().nullish(),
  projectName: z.string().nullish(),
  primaryNodeUUID: z.string().nullish(),
});

export const nodeWire = z.object({
  UUID: z.string(),
  name: z.string().nullish(),
  state: z.string().nullish(),
  nvmeEndpoint: z.string().nullish(),
  hostname: z.string().nullish(),
  failureDomains: z.array(z.string()).nullish(),
  failureInfo: z.string().nullish(),
  serverUUID: z.string().nullish(),
  permanentFailure: z.boolean().nullish(),
  inLocalRebuild: z.boolean().nullish(),
  ETag: z.string().nullish(),
});

export const clusterInfoWire = z.object({
  UUID: z.string(),
  subsystemNQN: z.string(),
  currentMaxReplicas: z.number().nullish(),
  supportedMaxReplicas: z.number().nullish(),
  apiEndpoints: z.array(z.string()).nullish(),
  discoveryEndpoints: z.array(z.string()).nullish(),
  nvmeEndpoints: z.array(z.string()).nullish(),
  clusterName: z.string().nullish(),
});

/** ClusterStatisticsApi: every figure a uint64 number of bytes, except the ratio. */
export const clusterStatisticsWire = z.record(z.string(), z.union([z.string(), z.number()]));

export const clusterWire = clusterInfoWire.extend({
  statistics: clusterStatisticsWire.nullish(),
  health: z
    .object({
      state: z.string().nullish(),
      numDegradedVolumes: z.number().nullish(),
      numReadOnlyVolumes: z.number().nullish(),
      numNotAvailableVolumes: z.number().nullish(),
      numInactiveNodes: z.number().nullish(),
      numHealthyVolumes: z.number().nullish(),
    })
    .nullish(),
});

export const eventWire = z.object({
  ID: z.string(),
  Time: z.string().nullish(),
  Type: z.string().nullish(),
  Severity: z.string().nullish(),
  EventName: z.string().nullish(),
  EventCode: z.number().nullish(),
  Status: z.string().nullish(),
  Description: z.string().nullish(),
  ComponentNodeInfo: z.object({ ID: z.string().nullish(), Name: z.string().nullish() }).nullish(),
});

export const volumesListWire = z.object({ volumes: z.array(volumeWire).nullish() });
export const snapshotsListWire = z.object({ snapshots: z.array(snapshotWire).nullish() });
export const nodesListWire = z.object({ nodes: z.array(nodeWire).nullish() });
export const eventsListWire = z.object({ events: z.array(eventWire).nullish(), nextToken: z.string().nullish() });

/** POST /api/v2/projects/{project}/volumes, as the Cinder driver builds it (replicaCount may be a string there). */
export const createVolumeRequestWire = z.object({
  name: z.string(),
  size: z.union([z.string(), z.number()]),
  replicaCount: z.union([z.number(), z.string()]),
  compression: z.string().nullish(),
  acl: stringList,
  IPAcl: stringList.nullish(),
  sourceSnapshotUUID: z.string().nullish(),
  sourceSnapshotName: z.string().nullish(),
  qosPolicyUUID: z.string().nullish(),
});

export type VolumeWire = z.infer<typeof volumeWire>;
export type SnapshotWire = z.infer<typeof snapshotWire>;
export type NodeWire = z.infer<typeof nodeWire>;
export type ClusterInfoWire = z.infer<typeof clusterInfoWire>;
export type ClusterWire = z.infer<typeof clusterWire>;
export type EventWire = z.infer<typeof eventWire>;
export type CreateVolumeRequestWire = z.infer<typeof createVolumeRequestWire>;
