import type { Image } from '../../clients/openstack/index.js';
import { OpsError } from '../errors/ops-error.js';

const GiB = 1024 ** 3;

/** The smallest volume an image fits in: its min_disk, its virtual size and its size, rounded up to whole GB. */
/** Refuses a size the image does not fit in, saying the size that would do. */
export function assertFits(image: Pick<Image, 'name' | 'minDisk' | 'virtualSize' | 'size'>, sizeGb: number): void {
  const minGb = minimumSizeGb(image);
  if (sizeGb < minGb) {
    throw new OpsError(
      'CLONE.TOO_SMALL',
      `size_gb ${sizeGb} is smaller than image ${image.name} needs (${minGb} GB: its min_disk and virtual size). Use size_gb=${minGb} or more.`,
    );
  }
}

export function minimumSizeGb(image: Pick<Image, 'minDisk' | 'virtualSize' | 'size'>): number {
  const bytes = Math.max(image.virtualSize ?? 0, image.size ?? 0);
  return Math.max(1, image.minDisk ?? 0, Math.ceil(bytes / GiB));
}
