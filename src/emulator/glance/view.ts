import { isoZ } from '../respond.js';
import type { Image } from '../state/images.js';

/** An image exactly as Glance v2 shows it (show_image_direct_url and show_multiple_locations on, like the real cloud). */
export function imageView(image: Image): Record<string, unknown> {
  const v: Record<string, unknown> = {
    ...image.properties,
    checksum: image.checksum,
    container_format: image.containerFormat,
    created_at: isoZ(image.createdAt),
    disk_format: image.diskFormat,
    file: `/v2/images/${image.id}/file`,
    id: image.id,
    locations: imageLocations(image).map((l) => ({ metadata: { store: l.store }, url: l.url })),
    min_disk: image.minDisk,
    min_ram: image.minRam,
    name: image.name,
    os_hash_algo: image.hashAlgo,
    os_hash_value: image.hashValue,
    os_hidden: image.osHidden,
    owner: image.owner,
    protected: image.protected,
    schema: '/v2/schemas/image',
    self: `/v2/images/${image.id}`,
    size: image.size,
    status: image.status,
    tags: [...image.tags],
    updated_at: isoZ(image.updatedAt),
    virtual_size: image.virtualSize,
    visibility: image.visibility,
  };
  if (image.locationUrl) {
    v['direct_url'] = image.locationUrl;
    v['stores'] = imageLocations(image)
      .map((l) => l.store)
      .join(',');
  }
  return v;
}

/** Every location of an image: the store it was uploaded to first, then the ones copy-image added. */
export function imageLocations(image: Image): Array<{ store: string; url: string }> {
  if (!image.locationUrl || !image.store) return [];
  return [{ store: image.store, url: image.locationUrl }, ...image.copies];
}

export function touchImage(image: Image): void {
  image.updatedAt = new Date();
}
