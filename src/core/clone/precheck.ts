import type { Cloud } from '../cloud/cloud.js';
import { resolveImage } from '../cloud/resolve.js';
import { minimumSizeGb } from './size.js';

/**
 * Before anyone is asked to approve a volume from an image: the image exists; returns what the volume will really
 * get where the input leaves it open (the size the image needs, the default type, the `auto` network), so the
 * gateway checks the policy's limits on those.
 */
export async function effectiveFromImage(
  cloud: Cloud,
  input: {
    image: string;
    size_gb?: number | undefined;
    volume_type?: string | undefined;
    network?: string | undefined;
  },
  withNetwork: boolean,
): Promise<Record<string, unknown>> {
  const image = await resolveImage(cloud, input.image);
  return {
    size_gb: input.size_gb ?? minimumSizeGb(image),
    volume_type: input.volume_type ?? cloud.volumeType,
    ...(withNetwork ? { network: input.network ?? 'auto' } : {}),
  };
}
