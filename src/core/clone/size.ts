import type { Image } from '../../clients/openstack/index.js';

const GiB = 1024 ** 3;

/** The smallest volume an image fits in: its min_disk, its virtual size and its size, rounded up to whole GB. */
export function minimumSizeGb(image: Pick<Image, 'minDisk' | 'virtualSize' | 'size'>): number {
  const bytes = Math.max(image.virtualSize ?? 0, image.size ?? 0);
  return Math.max(1, image.minDisk ?? 0, Math.ceil(bytes / GiB));
}
