import { canSeeImage } from '../glance/access.js';
import { pyRepr } from '../pyrepr.js';
import { httpError, isRecord } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Image } from '../state/images.js';
import type { Volume } from '../state/volumes.js';

export type Bdm =
  | { source: 'volume'; volume: Volume; bootIndex: number | null; deleteOnTermination: boolean }
  | {
      source: 'image';
      image: Image;
      size: number;
      typeName: string | null;
      bootIndex: number | null;
      deleteOnTermination: boolean;
    };

function invalid(field: string, value: unknown, why: string) {
  const shown = typeof value === 'string' ? value : pyRepr(value);
  return httpError(400, `Invalid input for field/attribute ${field}. Value: ${shown}. ${why}`);
}

export function bdmInvalid(why: string) {
  return httpError(400, `Block Device Mapping is Invalid: ${why}`);
}

/** One block_device_mapping_v2 entry: a volume to attach, or an image Nova turns into a volume. */
export function parseBdm(ctx: Ctx, raw: unknown): Bdm {
  if (!isRecord(raw)) throw invalid('block_device_mapping_v2', raw, `${pyRepr(raw)} is not of type 'object'`);
  const bootIndex = raw['boot_index'] === undefined || raw['boot_index'] === null ? null : Number(raw['boot_index']);
  const deleteOnTermination = raw['delete_on_termination'] === true || raw['delete_on_termination'] === 'true';
  const id = raw['uuid'];
  if (raw['source_type'] === 'volume') {
    const vol = typeof id === 'string' ? ctx.emu.state.volumes.get(id) : undefined;
    if (!vol || vol.projectId !== ctx.token?.projectId) throw bdmInvalid(`failed to get volume ${String(id)}.`);
    if (vol.status !== 'available') {
      throw httpError(
        400,
        `Invalid volume: volume '${vol.id}' status must be 'available'. Currently in '${vol.status}'`,
      );
    }
    return { source: 'volume', volume: vol, bootIndex, deleteOnTermination };
  }
  if (raw['source_type'] === 'image' && raw['destination_type'] === 'volume') {
    const image = typeof id === 'string' ? ctx.emu.state.images.get(id) : undefined;
    if (!image || !ctx.token || !canSeeImage(ctx.emu, ctx.token, image))
      throw httpError(400, `Image ${String(id)} could not be found.`);
    const size = Number(raw['volume_size'] ?? 0);
    if (!Number.isInteger(size) || size <= 0) {
      throw bdmInvalid("Images with destination_type 'volume' need to have a non-zero size specified");
    }
    const typeName = typeof raw['volume_type'] === 'string' ? raw['volume_type'] : null;
    return { source: 'image', image, size, typeName, bootIndex, deleteOnTermination };
  }
  throw bdmInvalid(
    `source_type ${String(raw['source_type'])} with destination_type ${String(raw['destination_type'])} is not supported here; use a volume, or an image with destination_type volume.`,
  );
}
