import type { Image, ImageCreate } from '../../clients/openstack/index.js';

/** Glance's own bookkeeping, and signatures of the original bytes (they would not verify the raw ones). */
const DROPPED = /^(os_glance_|img_signature)|^(blockops_adopted_from|stores)$/;

export const ADOPTED_FROM = 'blockops_adopted_from';

/** The new raw image keeps what describes the guest: min_disk/min_ram, visibility, tags, the os_ and hw_ properties. */
export function adoptedImageCreate(original: Image, name: string): ImageCreate {
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(original.properties)) {
    if (!DROPPED.test(k) && typeof v === 'string') properties[k] = v;
  }
  properties[ADOPTED_FROM] = original.id;
  return {
    name,
    diskFormat: 'raw',
    containerFormat: 'bare',
    visibility: original.visibility as NonNullable<ImageCreate['visibility']>,
    minDisk: original.minDisk,
    minRam: original.minRam,
    tags: original.tags,
    properties,
  };
}
