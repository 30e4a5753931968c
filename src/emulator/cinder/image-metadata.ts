import type { Image } from '../state/images.js';

/** `volume_image_metadata` as Cinder stores it: every value a string, image properties included. */
export function imageMetadataOf(image: Image): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(image.properties)) out[k] = String(v);
  if (image.checksum !== null) out['checksum'] = image.checksum;
  if (image.containerFormat !== null) out['container_format'] = image.containerFormat;
  if (image.diskFormat !== null) out['disk_format'] = image.diskFormat;
  out['image_id'] = image.id;
  if (image.name !== null) out['image_name'] = image.name;
  out['min_disk'] = String(image.minDisk);
  out['min_ram'] = String(image.minRam);
  if (image.size !== null) out['size'] = String(image.size);
  return out;
}
