import type { Image, Volume } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { type ClonePathFacts, cinderVolumeIdFromUrl } from './clone-path.js';

/** Gathers what the APIs show about an image and a target volume type, for predictClonePath. */
export async function gatherClonePathFacts(
  cloud: Cloud,
  image: Image,
  targetVolumeType: string,
): Promise<{ facts: ClonePathFacts; imageVolume: Volume | undefined }> {
  const urls = [...new Set([...image.locations.map((l) => l.url), ...(image.directUrl ? [image.directUrl] : [])])];
  const volumeId = urls.map(cinderVolumeIdFromUrl).find(Boolean);
  const imageVolume = await findImageVolume(cloud, image.id, volumeId);
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
    imageVolume,
    facts: {
      image: {
        id: image.id,
        diskFormat: image.diskFormat,
        containerFormat: image.containerFormat,
        owner: image.owner,
        locationUrls: urls,
      },
      imageVolume: imageVolume
        ? {
            id: imageVolume.id,
            host: imageVolume.host,
            volumeType: imageVolume.volumeType,
            imageOwner: imageVolume.metadata['image_owner'] as string | undefined,
          }
        : undefined,
      targetProject: token.project?.id ?? '',
      // By name: the conditions compare it with the image volume's type, which Cinder shows by name.
      targetVolumeType: target?.name ?? targetVolumeType,
      backendOfType,
      targetTypeEncrypted: encrypted,
      directUrlSchemes: cloud.directUrlSchemes,
    },
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
