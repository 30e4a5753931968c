import { canSeeImage } from '../glance/access.js';
import { httpError, readJson, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Image } from '../state/images.js';
import { findSnapshot, findType, findVolume } from './lookup.js';
import { optionalString, parseSize, requireObject, stringMap } from './validate.js';
import { volumeView } from './view.js';
import { newVolumeRecord, runCreate, type VolumeSource } from './volume-ops.js';

const GiB = 1024 ** 3;

function invalidInput(reason: string) {
  return httpError(400, `Invalid input received: ${reason}`);
}

function sourceOf(ctx: Ctx, v: Record<string, unknown>): VolumeSource {
  const snapshotId = optionalString(v, 'snapshot_id');
  const sourceVolid = optionalString(v, 'source_volid');
  const imageRef = optionalString(v, 'imageRef') ?? optionalString(v, 'image_id');
  if (snapshotId) {
    const snapshot = findSnapshot(ctx, snapshotId);
    if (snapshot.status !== 'available') {
      throw httpError(400, "Invalid snapshot: Originating snapshot status must be one of 'available' values");
    }
    return { kind: 'snapshot', snapshot };
  }
  if (sourceVolid) {
    const volume = findVolume(ctx, sourceVolid);
    if (volume.status !== 'available' && volume.status !== 'in-use') {
      throw httpError(
        400,
        `Invalid volume: Source volume ${volume.id} must be available or in-use, not ${volume.status}.`,
      );
    }
    return { kind: 'volume', volume };
  }
  if (imageRef) {
    const image = ctx.emu.state.images.get(imageRef);
    if (!image || !ctx.token || !canSeeImage(ctx.emu, ctx.token, image)) {
      throw httpError(400, 'Invalid image identifier or unable to access requested image.');
    }
    return { kind: 'image', image };
  }
  return { kind: 'blank' };
}

function checkImageFits(image: Image, size: number): void {
  if (image.status !== 'active') throw invalidInput(`Image ${image.id} is not active.`);
  const imageGb = Math.ceil((image.size ?? 0) / GiB);
  if (imageGb > size) {
    throw invalidInput(`Size of specified image ${imageGb}GB is larger than volume size ${size}GB.`);
  }
  if (size < image.minDisk) {
    throw invalidInput(`Volume size ${size}GB cannot be smaller than the image minDisk size ${image.minDisk}GB.`);
  }
  const virtualGb = Math.ceil((image.virtualSize ?? 0) / GiB);
  if (virtualGb > size) {
    throw httpError(
      400,
      `Image ${image.id} is unacceptable: Image virtual size is ${virtualGb}GB and doesn't fit in a volume of size ${size}GB.`,
    );
  }
}

function resolveSize(requested: number | null, source: VolumeSource): number {
  if (source.kind === 'snapshot') {
    const min = source.snapshot.size;
    if (requested !== null && requested < min) {
      throw invalidInput(
        `Volume size '${requested}'GB cannot be smaller than the snapshot size ${min}GB. They must be >= original snapshot size.`,
      );
    }
    return requested ?? min;
  }
  if (source.kind === 'volume') {
    const min = source.volume.size;
    if (requested !== null && requested < min) {
      throw invalidInput(
        `Volume size '${requested}'GB cannot be smaller than original volume size ${min}GB. They must be >= original volume size.`,
      );
    }
    return requested ?? min;
  }
  if (requested === null) throw invalidInput("Volume size 'None' must be an integer and greater than 0");
  if (source.kind === 'image') checkImageFits(source.image, requested);
  return requested;
}

/** POST /v3/{project_id}/volumes → 202 `creating`; the create flow then runs in the background. */
export async function createVolume(ctx: Ctx): Promise<void> {
  const v = requireObject(await readJson(ctx), 'volume');
  const requestedSize = parseSize(v['size']);
  const name = optionalString(v, 'name') ?? optionalString(v, 'display_name');
  const description = optionalString(v, 'description') ?? optionalString(v, 'display_description');
  const metadata = stringMap(v, 'metadata');
  const zone = optionalString(v, 'availability_zone');
  if (zone !== null && zone !== 'nova') throw invalidInput(`Availability zone '${zone}' is invalid.`);
  const source = sourceOf(ctx, v);
  const explicitType = optionalString(v, 'volume_type');
  const inheritedType =
    source.kind === 'volume'
      ? source.volume.typeId
      : source.kind === 'snapshot'
        ? ctx.emu.state.volumes.get(source.snapshot.volumeId)?.typeId
        : undefined;
  const type = findType(ctx, explicitType ?? inheritedType ?? null);
  const size = resolveSize(requestedSize, source);
  const token = ctx.token;
  if (!token?.projectId) throw httpError(401, 'The request you have made requires authentication.');
  const vol = newVolumeRecord(
    ctx.emu,
    { projectId: token.projectId, userId: token.userId, name, description, size, typeId: type.id, metadata },
    source,
  );
  ctx.emu.clock.watch(vol);
  sendJson(ctx, 202, { volume: volumeView(ctx, vol, 'create') });
  ctx.emu.background(`create volume ${vol.id}`, () => runCreate(ctx.emu, vol, source));
}
