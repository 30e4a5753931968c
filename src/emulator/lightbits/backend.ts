/**
 * The seam between the emulated OpenStack services and the emulated Lightbits cluster.
 * Cinder's emulated Lightbits driver calls this, the way cinder/volume/drivers/lightos.py calls the REST API:
 * Cinder volume X is Lightbits volume `volume-X`; a clone goes through a snapshot `for_clone_<new id>`.
 */
export interface LightbitsBackend {
  /** Creates a volume (optionally from a snapshot, by name); resolves once it is `Available` (delays scaled by speed). */
  createVolume(req: {
    project: string;
    name: string;
    sizeBytes: number;
    replicaCount: number;
    sourceSnapshotName?: string | undefined;
  }): Promise<{ uuid: string }>;
  deleteVolume(project: string, name: string): Promise<void>;
  extendVolume(project: string, name: string, sizeBytes: number): Promise<void>;
  createSnapshot(req: { project: string; name: string; sourceVolumeName: string }): Promise<{ uuid: string }>;
  deleteSnapshot(project: string, name: string): Promise<void>;
  /** True when a volume of that name exists in the project (and is not deleted). */
  hasVolume(project: string, name: string): boolean;
}
