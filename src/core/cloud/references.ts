import type { Flavor, Image, Network, Volume } from '../../clients/openstack/index.js';
import { OpsError } from '../errors/ops-error.js';
import type { Cloud } from './cloud.js';
import { mustFind, resolveImage } from './resolve.js';

/**
 * Resolves the names a request refers to, and refuses what could only fail after someone approved it: an image
 * that is not active, a volume that is not available and bootable, an unknown flavor, network, key pair or volume
 * type. Each answer carries the id the job will use and the name the approver will see.
 */

export interface Reference<T> {
  id: string;
  name: string;
  found: T;
}

export async function activeImage(cloud: Cloud, ref: string): Promise<Reference<Image>> {
  const image = await resolveImage(cloud, ref);
  if (image.status !== 'active') {
    throw new OpsError(
      'IMAGE.NOT_ACTIVE',
      `Image ${image.name} (${image.id}) is ${image.status}; only an active image can be used. ` +
        'Wait for it to become active, or choose another with list_images.',
    );
  }
  return { id: image.id, name: image.name, found: image };
}

export async function bootableVolume(cloud: Cloud, ref: string): Promise<Reference<Volume>> {
  const volume = await mustFind('volume', ref, (r) => cloud.openstack.volume.findVolume(r));
  if (volume.status !== 'available') {
    throw new OpsError(
      'VOLUME.NOT_AVAILABLE',
      `Volume ${volume.name} (${volume.id}) is ${volume.status}; a server can boot only from an available volume.`,
    );
  }
  if (!volume.bootable) {
    throw new OpsError(
      'VOLUME.NOT_BOOTABLE',
      `Volume ${volume.name} (${volume.id}) is not bootable. Make a boot volume from an image with clone_image.`,
    );
  }
  return { id: volume.id, name: volume.name, found: volume };
}

export async function flavor(cloud: Cloud, ref: string): Promise<Reference<Flavor>> {
  const found = await mustFind('flavor', ref, (r) => cloud.openstack.compute.findFlavor(r));
  return { id: found.id, name: found.name, found };
}

/** `none` and `auto` are Nova's words, not networks: they stay as they are. */
export async function network(cloud: Cloud, ref: string): Promise<Reference<Network | undefined>> {
  if (ref === 'none' || ref === 'auto') return { id: ref, name: ref, found: undefined };
  const found = await mustFind('network', ref, (r) => cloud.openstack.network.findNetwork(r));
  return { id: found.id, name: found.name, found };
}

/** Key pairs have no id: the name is what Nova takes. */
export async function keyPair(cloud: Cloud, name: string): Promise<Reference<undefined>> {
  await mustFind('key pair', name, (r) => cloud.openstack.compute.findKeypair(r));
  return { id: name, name, found: undefined };
}

export async function volumeType(cloud: Cloud, ref: string): Promise<Reference<undefined>> {
  const types = await cloud.openstack.volume.listVolumeTypes();
  const found = types.find((t) => t.id === ref) ?? types.find((t) => t.name === ref);
  if (!found) {
    throw new OpsError(
      'VOLUME_TYPE.NOT_FOUND',
      `There is no volume type "${ref}". Volume types: ${types.map((t) => t.name).join(', ') || '(none visible)'}.`,
    );
  }
  return { id: found.id, name: found.name, found: undefined };
}
