import type { Cloud } from '../cloud/cloud.js';

/**
 * Volumes (volume_image_metadata.image_id) and servers (booted from the image itself) made from an image, over
 * every project when blockops is admin, else its own project's: a count too low only makes retiring more careful.
 */
export async function madeFrom(cloud: Cloud, imageId: string): Promise<{ volumes: number; servers: number }> {
  let volumes = 0;
  let servers = 0;
  for await (const v of listAll((all) => cloud.openstack.volume.listVolumes({ allTenants: all, limit: 1000 }))) {
    if (v.imageMetadata?.['image_id'] === imageId) volumes++;
  }
  for await (const s of listAll((all) => cloud.openstack.compute.listServers({ allTenants: all, limit: 1000 }))) {
    if (s.imageId === imageId) servers++;
  }
  return { volumes, servers };
}

/** All projects' items when allowed (admin), else the caller's own. */
async function* listAll<T>(list: (allTenants: boolean) => AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* list(true);
  } catch (e) {
    if ((e as { status?: number }).status !== 403) throw e;
    yield* list(false);
  }
}
