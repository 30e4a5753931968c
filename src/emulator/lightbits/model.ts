/** The emulated cluster's records. Field meanings follow durosapiv2.proto (LightBitsLabs/los-csi). */

/** DurosNodeInfo.State, plus `Deactivating`, which the "Node Failure and Volume Protection State" page lists. */
export type NodeState = 'Active' | 'Activating' | 'Deactivating' | 'Inactive';
export type ResourceState = 'Creating' | 'Available' | 'Updating' | 'Deleting' | 'Failed';
export type ProtectionState = 'FullyProtected' | 'Degraded' | 'ReadOnly' | 'NotAvailable';

export interface NodeRec {
  uuid: string;
  name: string;
  index: number;
  state: NodeState;
  nvmeEndpoint: string;
  hostname: string;
  serverUuid: string;
  /** Bumped on every fail/restore so a stale delayed transition does nothing. */
  generation: number;
  etag: number;
}

export interface VolumeRec {
  uuid: string;
  name: string;
  project: string;
  state: ResourceState;
  replicaCount: number;
  /** Node UUIDs holding a replica, in placement order. */
  nodeList: string[];
  /** The node reading and writing the volume (Volume.primaryNodeUUID). */
  primary: string;
  nsid: number;
  acl: string[];
  ipAcl: string[];
  compression: boolean;
  sizeBytes: number;
  /** Data the volume owns; a clone shares its source's data and owns nothing until written. */
  writtenBytes: number;
  etag: number;
  creationTime: string;
  sourceSnapshotUuid?: string;
  sourceSnapshotName?: string;
  qosPolicyUuid?: string;
}

export interface SnapshotRec {
  uuid: string;
  name: string;
  project: string;
  state: ResourceState;
  description: string;
  sourceVolumeUuid: string;
  sourceVolumeName: string;
  replicaCount: number;
  nodeList: string[];
  primary: string;
  nsid: number;
  acl: string[];
  ipAcl: string[];
  compression: boolean;
  sizeBytes: number;
  etag: number;
  creationTime: string;
}

/** Base delays in ms at speed 1. */
export const DELAYS = {
  createVolume: 400,
  updateVolume: 200,
  deleteVolume: 300,
  createSnapshot: 300,
  deleteSnapshot: 200,
  /** Failure detected until the cluster has moved roles (the host side sees ~10 s of I/O pause). */
  deactivate: 10_000,
  activate: 5_000,
};

/**
 * Protection from the health of the replicas' nodes (a node that is not Active cannot serve I/O):
 * none failed → FullyProtected; all failed → NotAvailable (the docs say "Inaccessible"); one healthy replica
 * left of several → ReadOnly (RF3 with two failed, RF2 with one); otherwise → Degraded (RF3 with one failed).
 */
export function protectionOf(nodeList: string[], nodeState: (uuid: string) => NodeState | undefined): ProtectionState {
  const healthy = nodeList.filter((n) => nodeState(n) === 'Active').length;
  if (healthy === nodeList.length) return 'FullyProtected';
  if (healthy === 0) return 'NotAvailable';
  if (healthy === 1) return 'ReadOnly';
  return 'Degraded';
}
