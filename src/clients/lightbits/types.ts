/**
 * What callers get: wire names renamed (`UUID` → `uuid`, `IPAcl` → `ipAcl`), sizes in bytes, proto3 defaults
 * filled in (an absent enum is `Unknown`, an absent list is empty). Enum values stay open strings: clusters of
 * different versions and the documentation use more names than the published proto lists.
 */

/** Volume `state` (proto StateEnum); `Created` appears in `lbcli list volumes` output of older releases. */
export type VolumeState =
  | 'Unknown'
  | 'Creating'
  | 'Available'
  | 'Deleting'
  | 'Deleted'
  | 'Failed'
  | 'Updating'
  | 'Rollback'
  | 'Migrating'
  | (string & {});
/** `NotAvailable` is the API's name; the documentation calls the same state "Inaccessible". */
export type ProtectionState = 'Unknown' | 'FullyProtected' | 'Degraded' | 'ReadOnly' | 'NotAvailable' | (string & {});
/** Node `state` (proto DurosNodeInfo.State); the documentation also lists `Deactivating`. */
export type NodeState =
  | 'Unknown'
  | 'Active'
  | 'Activating'
  | 'Deactivating'
  | 'Inactive'
  | 'Unattached'
  | 'Attaching'
  | 'Detaching'
  | (string & {});

export interface LightbitsVolume {
  uuid: string;
  name: string;
  state: VolumeState;
  protectionState: ProtectionState;
  replicaCount: number;
  /** UUIDs of the nodes holding a replica. */
  nodeList: string[];
  /** Node that reads and writes this volume's data, when the cluster reports it (newer API versions do). */
  primaryNodeUuid: string | undefined;
  sizeBytes: number;
  compression: boolean;
  acl: string[];
  ipAcl: string[];
  etag: string | undefined;
  nsid: number | undefined;
  projectName: string | undefined;
  sourceSnapshotUuid: string | undefined;
  sourceSnapshotName: string | undefined;
  rebuildProgress: string | undefined;
  creationTime: string | undefined;
  labels: Record<string, string>;
  logicalUsedBytes: number | undefined;
}

export interface LightbitsSnapshot {
  uuid: string;
  name: string;
  state: VolumeState;
  sourceVolumeUuid: string | undefined;
  sourceVolumeName: string | undefined;
  replicaCount: number;
  nodeList: string[];
  primaryNodeUuid: string | undefined;
  sizeBytes: number;
  etag: string | undefined;
  projectName: string | undefined;
  creationTime: string | undefined;
}

export interface LightbitsNode {
  uuid: string;
  name: string | undefined;
  state: NodeState;
  nvmeEndpoint: string | undefined;
  hostname: string | undefined;
  serverUuid: string | undefined;
  failureDomains: string[];
  failureInfo: string | undefined;
  permanentFailure: boolean;
  inLocalRebuild: boolean;
}

export interface LightbitsClusterInfo {
  uuid: string;
  subsystemNqn: string;
  clusterName: string | undefined;
  currentMaxReplicas: number | undefined;
  supportedMaxReplicas: number | undefined;
  apiEndpoints: string[];
  discoveryEndpoints: string[];
  nvmeEndpoints: string[];
}

export interface LightbitsClusterHealth {
  state: string;
  numDegradedVolumes: number;
  numReadOnlyVolumes: number;
  numNotAvailableVolumes: number;
  numInactiveNodes: number;
  numHealthyVolumes: number;
}

export interface LightbitsClusterDetails extends LightbitsClusterInfo {
  /** ClusterStatisticsApi figures as numbers (bytes, or a ratio for compressionRatio). */
  statistics: Record<string, number>;
  health: LightbitsClusterHealth | undefined;
}

export interface LightbitsEvent {
  id: string;
  time: string | undefined;
  type: string;
  severity: string;
  name: string | undefined;
  code: number | undefined;
  status: string | undefined;
  description: string | undefined;
  nodeUuid: string | undefined;
  nodeName: string | undefined;
}
