import type { Image, Volume } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { type ClonePathFacts, cinderVolumeIdFromUrl } from './clone-path.js';

/** What the prediction needs about the new volume's side: the same for every image, so gathered once per run. */
export type CloneTarget = Omit<ClonePathFacts, 'image' | 'imageVolume'>;

/** Every location Glance shows for an image (locations and direct_url), once each. */
export function locationUrlsOf(image: Image): string[] {
  return [...new Set([...image.locations.map((l) => l.url), ...(image.directUrl ? [image.directUrl] : [])])];
}

/** The id of the image's Cinder-store volume, when Glance shows a cinder:// location. */
export function imageVolumeIdOf(image: Image): string | undefined {
  return locationUrlsOf(image).map(cinderVolumeIdFromUrl).find(Boolean);
}

/** Gathers what the APIs show about an image and a target volume type, for predictClonePath. */
export async function gatherClonePathFacts(
  cloud: Cloud,
  image: Image,
  targetVolumeType: string,
): Promise<{ facts: ClonePathFacts; imageVolume: Volume | undefined }> {
  const imageVolume = await findImageVolume(cloud, image.id, imageVolumeIdOf(image));
  const target = await gatherCloneTarget(cloud, targetVolumeType);
  return { imageVolume, facts: clonePathFactsOf(image, imageVolume, target) };
}

/** The new volume's project, type, the types' backends and the type's encryption, as far as this account sees. */
export async function gatherCloneTarget(cloud: Cloud, targetVolumeType: string): Promise<CloneTarget> {
  const token = await cloud.openstack.session.authenticate();
  const types = await cloud.openstack.volume.listVolumeTypes().catch(() => []);
  const backendOfType: Record<string, string | undefined> = {};
  for (const t of types) backendOfType[t.name] = t.extraSpecs?.['volume_backend_name'];
  const target = types.find((t) => t.name === targetVolumeType || t.id === targetVolumeType);
  const encrypted = target
    ? await cloud.openstack.volume.getVolumeTypeEncryption(target.id).then(
        (e) => e !== undefined,
        () => undefined, // admin only: unknown to other accounts
      )
    : undefined;
  return {
    targetProject: token.project?.id ?? '',
    // By name: the conditions compare it with the image volume's type, which Cinder shows by name.
    targetVolumeType: target?.name ?? targetVolumeType,
    backendOfType,
    targetTypeEncrypted: encrypted,
    directUrlSchemes: cloud.directUrlSchemes,
  };
}

/** The prediction's facts for one image, from what was already read: no request of its own. */
export function clonePathFactsOf(image: Image, imageVolume: Volume | undefined, target: CloneTarget): ClonePathFacts {
  return {
    ...target,
    image: {
      id: image.id,
      diskFormat: image.diskFormat,
      containerFormat: image.containerFormat,
      owner: image.owner,
      locationUrls: locationUrlsOf(image),
    },
    imageVolume: imageVolume
      ? {
          id: imageVolume.id,
          host: imageVolume.host,
          volumeType: imageVolume.volumeType,
          imageOwner: imageVolume.metadata['image_owner'] as string | undefined,
        }
      : undefined,
  };
}

async function findImageVolume(
  cloud: Cloud,
  imageId: string,
  volumeId: string | undefined,
): Promise<Volume | undefined> {
  if (volumeId) {
    try {
      return await cloud.openstack.volume.getVolume(volumeId);
    } catch {
      // Not visible to this account (the Cinder store's volumes usually belong to the service project).
    }
  }
  try {
    for await (const v of cloud.openstack.volume.listVolumes({ allTenants: true, name: `image-${imageId}` })) return v;
  } catch {
    // all_tenants needs admin; without it the image volume stays unknown and the prediction says so.
  }
  return undefined;
}
