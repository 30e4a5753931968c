import { uuid } from '../ids.js';
import type { Emu } from '../runtime.js';
import type { Image } from '../state/images.js';
import type { Snapshot, Volume } from '../state/volumes.js';
import { serviceUp } from './checks.js';
import { decideImagePath } from './clone-decision.js';
import { driverCloneVolume, driverCreateVolume, driverDeleteVolume } from './driver.js';
import { imageMetadataOf } from './image-metadata.js';

export type VolumeSource =
  | { kind: 'blank' }
  | { kind: 'image'; image: Image }
  | { kind: 'volume'; volume: Volume }
  | { kind: 'snapshot'; snapshot: Snapshot };

export interface NewVolume {
  projectId: string;
  userId: string;
  name: string | null;
  description: string | null;
  size: number;
  typeId: string;
  metadata?: Record<string, string>;
  availabilityZone?: string;
}

const SCHEDULE_MS = 400;
const IMAGE_CLONE_OVERHEAD_MS = 600;
const DELETE_MS = 500;

export function touch(vol: Volume): void {
  vol.updatedAt = new Date();
}

/** Inserts a volume in `creating`, as the API does before the scheduler and the driver run. */
export function newVolumeRecord(emu: Emu, spec: NewVolume, source: VolumeSource): Volume {
  const vol: Volume = {
    id: uuid(),
    name: spec.name,
    description: spec.description,
    projectId: spec.projectId,
    userId: spec.userId,
    size: spec.size,
    status: 'creating',
    typeId: spec.typeId,
    availabilityZone: spec.availabilityZone ?? 'nova',
    bootable: false,
    multiattach: false,
    metadata: { ...spec.metadata },
    imageMetadata: null,
    snapshotId: source.kind === 'snapshot' ? source.snapshot.id : null,
    sourceVolid: source.kind === 'volume' ? source.volume.id : null,
    host: null,
    serviceUuid: null,
    createdAt: new Date(),
    updatedAt: null,
    attachments: [],
    createdBy: source.kind === 'blank' ? 'blank' : source.kind === 'snapshot' ? 'snapshot' : 'volume-clone',
  };
  emu.state.volumes.set(vol.id, vol);
  return vol;
}

/**
 * Realistic times of the copy path, as measured on the Zed box: Cinder first downloads the image to a temporary
 * file (the volume still `creating`), then converts and writes it into the volume (`downloading`); qemu-img
 * convert from qcow2 and the other sparse formats reads and expands every cluster, so it runs slower than raw.
 */
export function copyPhasesMs(image: Image): { downloadMs: number; writeMs: number } {
  const bytes = image.size ?? 0;
  const virtual = image.virtualSize ?? bytes;
  const writeMiBs = image.diskFormat === 'raw' ? 400 : 250;
  return {
    downloadMs: 2000 + (bytes / (120 * 1024 ** 2)) * 1000,
    writeMs: 300 + (virtual / (writeMiBs * 1024 ** 2)) * 1000,
  };
}

/** The volume manager's create flow, in the background: schedule, then blank / clone / copy, then available. */
export async function runCreate(emu: Emu, vol: Volume, source: VolumeSource): Promise<void> {
  try {
    await emu.clock.hold(vol, SCHEDULE_MS);
    if (!serviceUp(emu, 'cinder-volume')) {
      throw new Error('No valid backend was found. No weighed backends available (cinder-volume is down).');
    }
    vol.host = emu.config.cinderPool;
    vol.serviceUuid = emu.state.cinderVolumeServiceUuid;
    touch(vol);
    if (source.kind === 'blank') await driverCreateVolume(emu, vol);
    else if (source.kind === 'volume') await driverCloneVolume(emu, vol, source.volume);
    else if (source.kind === 'snapshot') await driverCreateVolume(emu, vol, `snapshot-${source.snapshot.id}`);
    else await createFromImage(emu, vol, source.image);
    if (source.kind === 'volume' || source.kind === 'snapshot') inheritBootable(emu, vol, source);
    vol.status = 'available';
    touch(vol);
  } catch (err) {
    vol.status = 'error';
    touch(vol);
    throw err;
  }
}

async function createFromImage(emu: Emu, vol: Volume, image: Image): Promise<void> {
  const path = decideImagePath(emu, image, vol);
  if (path.kind === 'clone') {
    vol.createdBy = 'image-clone';
    await driverCloneVolume(emu, vol, path.imageVolume);
    await emu.clock.hold(vol, IMAGE_CLONE_OVERHEAD_MS);
  } else {
    vol.createdBy = 'image-copy';
    await driverCreateVolume(emu, vol);
    const { downloadMs, writeMs } = copyPhasesMs(image);
    await emu.clock.hold(vol, downloadMs);
    vol.status = 'downloading';
    touch(vol);
    await emu.clock.hold(vol, writeMs);
  }
  vol.bootable = true;
  vol.imageMetadata = imageMetadataOf(image);
}

function inheritBootable(emu: Emu, vol: Volume, source: VolumeSource): void {
  const from =
    source.kind === 'volume'
      ? source.volume
      : source.kind === 'snapshot'
        ? emu.state.volumes.get(source.snapshot.volumeId)
        : undefined;
  if (!from) return;
  vol.bootable = from.bootable;
  if (from.imageMetadata) vol.imageMetadata = { ...from.imageMetadata };
}

/** Deletes a volume and its Lightbits volume in the background (status `deleting` meanwhile). */
export function startDelete(emu: Emu, vol: Volume): void {
  vol.status = 'deleting';
  touch(vol);
  emu.background(`delete volume ${vol.id}`, async () => {
    try {
      await emu.clock.sleep(DELETE_MS);
      await driverDeleteVolume(emu, vol);
      emu.state.volumes.delete(vol.id);
    } catch (err) {
      vol.status = 'error_deleting';
      touch(vol);
      throw err;
    }
  });
}
