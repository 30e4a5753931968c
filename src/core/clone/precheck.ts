import type { Cloud } from '../cloud/cloud.js';
import * as refer from '../cloud/references.js';
import type { Precheck, Resolved } from '../engine/operation.js';
import { assertFits, minimumSizeGb } from './size.js';

export interface FromImageInput {
  image: string;
  size_gb?: number | undefined;
  volume_type?: string | undefined;
  flavor?: string | undefined;
  network?: string | undefined;
  key_name?: string | undefined;
}

/**
 * Before anyone is asked to approve a volume (and for launch, a server) from an image: every name refers to
 * something usable (an active image, a volume type, a flavor, a network, a key pair), the size fits the image,
 * and the values left open (the size the image needs, the default type, the `auto` network) are known, so the
 * gateway checks the policy's limits on what will really be used.
 */
export async function precheckFromImage(cloud: Cloud, input: FromImageInput, withServer: boolean): Promise<Precheck> {
  const resolved: Record<string, Resolved> = {};
  const image = await refer.activeImage(cloud, input.image);
  resolved['image'] = image;
  const minGb = minimumSizeGb(image.found);
  if (input.size_gb !== undefined) assertFits(image.found, input.size_gb);
  const type = await refer.volumeType(cloud, input.volume_type ?? cloud.volumeType);
  if (input.volume_type !== undefined) resolved['volume_type'] = type;
  if (withServer) {
    if (input.flavor !== undefined) resolved['flavor'] = await refer.flavor(cloud, input.flavor);
    if (input.network !== undefined) resolved['network'] = await refer.network(cloud, input.network);
    if (input.key_name !== undefined) resolved['key_name'] = await refer.keyPair(cloud, input.key_name);
  }
  return {
    resolved,
    effective: {
      size_gb: input.size_gb ?? minGb,
      volume_type: type.name,
      ...(withServer ? { network: resolved['network']?.name ?? input.network ?? 'auto' } : {}),
    },
  };
}
