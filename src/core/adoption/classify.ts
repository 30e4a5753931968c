import type { Image, Volume } from '../../clients/openstack/index.js';
import { predictClonePath } from '../clone/clone-path.js';
import { type CloneTarget, clonePathFactsOf, imageVolumeIdOf, locationUrlsOf } from '../clone/facts.js';
import type { AdoptionRoute, AssessedImage } from './assess-schema.js';
import { isConvertible } from './convertible.js';

/** The volumes blockops could read: every project's (admin) or only its own project's. */
export interface VisibleVolumes {
  volumes: readonly Volume[];
  allProjects: boolean;
}

/** Indexes of the volumes read once, so each image is classified without a request of its own. */
export interface VolumeIndex {
  byId: Map<string, Volume>;
  byName: Map<string, Volume>;
  madeFrom: Map<string, number>;
  allProjects: boolean;
}

export function indexVolumes(v: VisibleVolumes): VolumeIndex {
  const byId = new Map<string, Volume>();
  const byName = new Map<string, Volume>();
  const madeFrom = new Map<string, number>();
  for (const vol of v.volumes) {
    byId.set(vol.id, vol);
    if (vol.name.startsWith('image-')) byName.set(vol.name, vol);
    const from = vol.imageMetadata?.['image_id'];
    if (from) madeFrom.set(from, (madeFrom.get(from) ?? 0) + 1);
  }
  return { byId, byName, madeFrom, allProjects: v.allProjects };
}

/** Glance store ids of an image: `stores` when Glance sends it, else the schemes of its locations. */
export function storesOf(image: Image): string[] {
  if (image.stores.length) return image.stores;
  const schemes = locationUrlsOf(image).map((u) => /^([a-z][a-z0-9+.-]*):/i.exec(u)?.[1]?.toLowerCase() ?? 'other');
  return [...new Set(schemes)];
}

/** One image's clone path, its store volume, the volumes made from it, and what adoption would do about it. */
export function assessImage(image: Image, index: VolumeIndex, target: CloneTarget): AssessedImage {
  const stores = storesOf(image);
  const inCinder = stores.includes('cinder');
  const storeVolumeId = imageVolumeIdOf(image);
  const imageVolume =
    (storeVolumeId ? index.byId.get(storeVolumeId) : undefined) ?? index.byName.get(`image-${image.id}`);
  const prediction = predictClonePath(clonePathFactsOf(image, imageVolume, target));
  const failing = prediction.conditions.filter((c) => c.holds === 'no').map(({ id, evidence }) => ({ id, evidence }));
  const volumesMade = index.madeFrom.get(image.id) ?? 0;
  const bytes = Math.max(image.size ?? 0, image.virtualSize ?? 0);
  const sameBackend = prediction.conditions.find((c) => c.id === 'same_backend')?.holds ?? 'unknown';
  return {
    image_id: image.id,
    name: image.name,
    status: image.status,
    disk_format: image.diskFormat,
    container_format: image.containerFormat,
    size_bytes: image.size,
    virtual_size_bytes: image.virtualSize,
    visibility: image.visibility,
    owner: image.owner,
    stores,
    predicted_path: prediction.path,
    confidence: prediction.confidence,
    failing,
    ...(inCinder
      ? {
          image_volume: {
            exists: imageVolume ? 'yes' : index.allProjects ? 'no' : 'unknown',
            ...(imageVolume ? { volume_id: imageVolume.id, read_only: imageVolume.readonly } : {}),
            on_target_backend: sameBackend,
          },
        }
      : {}),
    volumes_made: volumesMade,
    route: routeOf(
      image,
      inCinder,
      failing.map((f) => f.id),
    ),
    copy_cost_bytes: prediction.path === 'copy' ? bytes * volumesMade : 0,
  };
}

/**
 * What adopt_image can do: convert a qcow2/vmdk/… to raw (which also lands it in the cinder store), or copy a
 * raw+bare image into the cinder store. Other failing conditions are the cloud's configuration, not the image's.
 */
export function routeOf(
  image: Pick<Image, 'diskFormat' | 'containerFormat'>,
  inCinder: boolean,
  failing: string[],
): AdoptionRoute {
  if (!failing.length) return 'ready';
  const fixable = new Set(['raw_bare', 'cinder_location']);
  if (failing.some((id) => !fixable.has(id))) return 'not-adoptable';
  if (failing.includes('raw_bare')) {
    // A raw disk inside an ovf/ova container needs unpacking first; iso and the ami family are not disks to convert.
    return isConvertible(image.diskFormat) && image.containerFormat === 'bare' ? 'convert-to-raw' : 'not-adoptable';
  }
  // raw+bare without a cinder:// location: copy it there, unless it is there and Glance only hides the location.
  return inCinder ? 'not-adoptable' : 'copy-to-cinder';
}
