import { lightbitsName, lightbitsProjectOf } from '../cinder/driver.js';
import type { Emu } from '../runtime.js';
import type { Volume } from '../state/volumes.js';

const GiB = 1024 ** 3;

/** An `available` volume written straight into state (seed data: no scheduler, no delays). */
export function seededVolume(
  emu: Emu,
  v: Partial<Volume> & Pick<Volume, 'id' | 'name' | 'projectId' | 'userId' | 'size' | 'createdAt'>,
): Volume {
  const vol: Volume = {
    description: null,
    status: 'available',
    typeId: emu.state.defaultVolumeTypeId,
    availabilityZone: 'nova',
    bootable: false,
    multiattach: false,
    metadata: {},
    imageMetadata: null,
    snapshotId: null,
    sourceVolid: null,
    host: emu.config.cinderPool,
    serviceUuid: emu.state.cinderVolumeServiceUuid,
    updatedAt: v.createdAt,
    attachments: [],
    createdBy: 'seed',
    ...v,
  };
  emu.state.volumes.set(vol.id, vol);
  return vol;
}

/** The Lightbits volume behind a seeded Cinder volume, made through the backend like the driver would. */
export function seededLightbitsVolume(emu: Emu, vol: Volume, sourceSnapshotName?: string): Promise<unknown> {
  const replicas = Number(emu.state.volumeTypes.get(vol.typeId)?.extraSpecs['lightos:num_replicas'] ?? 3);
  return emu.lightbits.backend.createVolume({
    project: lightbitsProjectOf(emu, vol),
    name: lightbitsName(vol.id),
    sizeBytes: vol.size * GiB,
    replicaCount: replicas,
    sourceSnapshotName,
  });
}

/** The Lightbits volumes behind blank seeded Cinder volumes: in one bulk call when the link has one. */
export async function seedBlankLightbitsVolumes(emu: Emu, vols: Volume[]): Promise<void> {
  const link = emu.lightbits;
  if (link.seedVolumes) {
    link.seedVolumes(
      vols.map((vol) => ({
        project: lightbitsProjectOf(emu, vol),
        name: lightbitsName(vol.id),
        sizeBytes: vol.size * GiB,
        replicaCount: Number(emu.state.volumeTypes.get(vol.typeId)?.extraSpecs['lightos:num_replicas'] ?? 3),
      })),
    );
    return;
  }
  await inBatches(vols.map((vol) => () => seededLightbitsVolume(emu, vol)));
}

/** Runs promise factories with bounded concurrency (seeding 10,000 Lightbits volumes without 10,000 at once). */
export async function inBatches(tasks: (() => Promise<unknown>)[], size = 500): Promise<void> {
  for (let i = 0; i < tasks.length; i += size) await Promise.all(tasks.slice(i, i + size).map((t) => t()));
}
