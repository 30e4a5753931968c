import type { Cloud } from './cloud.js';

/**
 * The Lightbits project a Cinder volume type maps to: its extra spec `lightos:project_name`
 * (as cinder/volume/drivers/lightos.py reads it), else the project blockops is configured with.
 */
export async function lightbitsProjectOf(cloud: Cloud, volumeType: string | undefined): Promise<string | undefined> {
  const fallback = cloud.lightbits?.project;
  if (!volumeType) return fallback;
  try {
    const types = await cloud.openstack.volume.listVolumeTypes();
    const type = types.find((t) => t.name === volumeType || t.id === volumeType);
    return type?.extraSpecs?.['lightos:project_name'] ?? fallback;
  } catch {
    return fallback;
  }
}
