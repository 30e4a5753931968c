import type { Cloud } from '../cloud/cloud.js';
import { assertWithinLimits } from '../policy/effective-limits.js';
import { resolveImage } from '../cloud/resolve.js';
import type { Services } from '../engine/services.js';
import { minimumSizeGb } from './size.js';

/**
 * Before anyone is asked to approve a volume from an image: the image exists, and the volume it would get
 * (the size it needs when none is given, the default type, the `auto` network) is within the policy's limits.
 */
export async function precheckFromImage(
  cloud: Cloud,
  services: Services,
  opName: string,
  input: {
    image: string;
    size_gb?: number | undefined;
    volume_type?: string | undefined;
    network?: string | undefined;
  },
  withNetwork: boolean,
): Promise<void> {
  const image = await resolveImage(cloud, input.image);
  assertWithinLimits(services, opName, {
    ...input,
    size_gb: input.size_gb ?? minimumSizeGb(image),
    volume_type: input.volume_type ?? cloud.volumeType,
    ...(withNetwork ? { network: input.network ?? 'auto' } : {}),
  });
}
