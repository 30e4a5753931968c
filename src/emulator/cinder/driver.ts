import type { Emu } from '../runtime.js';
import type { Volume } from '../state/volumes.js';

/**
 * The emulated Cinder Lightbits driver, mirroring cinder/volume/drivers/lightos.py:
 * volume X ↔ Lightbits volume `volume-X` in the project named by the type's `lightos:project_name`;
 * a clone goes through the snapshot `for_clone_<new id>`; a Cinder snapshot S is `snapshot-S`.
 */
const GiB = 1024 ** 3;
const DEFAULT_PROJECT = 'default';

export function lightbitsName(volumeId: string): string {
  return `volume-${volumeId}`;
}

export function lightbitsSnapshotName(snapshotId: string): string {
  return `snapshot-${snapshotId}`;
}

function specs(emu: Emu, vol: Volume): { project: string; replicas: number } {
  const extra = emu.state.volumeTypes.get(vol.typeId)?.extraSpecs ?? {};
  const replicas = Number.parseInt(extra['lightos:num_replicas'] ?? '3', 10);
  return {
    project: extra['lightos:project_name'] ?? DEFAULT_PROJECT,
    replicas: Number.isInteger(replicas) && replicas >= 1 && replicas <= 3 ? replicas : 3,
  };
}

export function lightbitsProjectOf(emu: Emu, vol: Volume): string {
  return specs(emu, vol).project;
}

export async function driverCreateVolume(emu: Emu, vol: Volume, sourceSnapshotName?: string): Promise<void> {
  const { project, replicas } = specs(emu, vol);
  await emu.lightbits.backend.createVolume({
    project,
    name: lightbitsName(vol.id),
    sizeBytes: vol.size * GiB,
    replicaCount: replicas,
    sourceSnapshotName,
  });
}

/** create_cloned_volume: intermediate snapshot, volume from it, snapshot deleted even when the create fails. */
export async function driverCloneVolume(emu: Emu, vol: Volume, source: Volume): Promise<void> {
  const { project } = specs(emu, source);
  const snapshotName = `for_clone_${vol.id}`;
  await emu.lightbits.backend.createSnapshot({
    project,
    name: snapshotName,
    sourceVolumeName: lightbitsName(source.id),
  });
  try {
    await driverCreateVolume(emu, vol, snapshotName);
  } finally {
    await emu.lightbits.backend.deleteSnapshot(project, snapshotName);
  }
}

export async function driverDeleteVolume(emu: Emu, vol: Volume): Promise<void> {
  const { project } = specs(emu, vol);
  const name = lightbitsName(vol.id);
  if (emu.lightbits.backend.hasVolume(project, name)) await emu.lightbits.backend.deleteVolume(project, name);
}

export async function driverExtendVolume(emu: Emu, vol: Volume, newSizeGb: number): Promise<void> {
  await emu.lightbits.backend.extendVolume(specs(emu, vol).project, lightbitsName(vol.id), newSizeGb * GiB);
}

export async function driverCreateSnapshot(emu: Emu, vol: Volume, snapshotId: string): Promise<void> {
  await emu.lightbits.backend.createSnapshot({
    project: specs(emu, vol).project,
    name: lightbitsSnapshotName(snapshotId),
    sourceVolumeName: lightbitsName(vol.id),
  });
}

export async function driverDeleteSnapshot(emu: Emu, vol: Volume, snapshotId: string): Promise<void> {
  await emu.lightbits.backend.deleteSnapshot(specs(emu, vol).project, lightbitsSnapshotName(snapshotId));
}
