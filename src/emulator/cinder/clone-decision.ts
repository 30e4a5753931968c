import { imageLocations } from '../glance/view.js';
import type { Emu } from '../runtime.js';
import type { Image } from '../state/images.js';
import type { Volume } from '../state/volumes.js';

export type ImagePath = { kind: 'clone'; imageVolume: Volume } | { kind: 'copy'; reason: string };

/** The volume ids an image's `cinder://` locations point at (`cinder://<id>` or `cinder://<store>/<id>`). */
export function cinderLocationVolumeIds(image: Image): string[] {
  return imageLocations(image)
    .map((l) => l.url)
    .filter((url) => url.startsWith('cinder://'))
    .map((url) => url.slice(url.lastIndexOf('/') + 1));
}

/**
 * Decides as Cinder's `_clone_image_volume` does whether a volume from this image is a block clone of the
 * image volume or a download-and-write copy. Conditions (docs/clone-path.md): `cinder` in allowed_direct_url_schemes
 * (always, here), not encrypted (no encrypted types here), raw + bare, a visible cinder:// location, the image volume
 * on the new volume's backend host, and the image owner being the new volume's project or the image volume's
 * `image_owner`.
 */
export function decideImagePath(emu: Emu, image: Image, vol: Volume): ImagePath {
  if (image.containerFormat !== 'bare' || image.diskFormat !== 'raw') {
    return { kind: 'copy', reason: `Requested image ${image.id} is not in raw format.` };
  }
  const ids = cinderLocationVolumeIds(image);
  if (ids.length === 0) return { kind: 'copy', reason: `Image ${image.id} has no cinder:// location.` };
  const host = vol.host ?? emu.config.cinderPool;
  for (const id of ids) {
    const candidate = emu.state.volumes.get(id);
    if (!candidate || candidate.host !== host) continue;
    if (image.owner !== vol.projectId && image.owner !== candidate.metadata['image_owner']) {
      return { kind: 'copy', reason: `Skipping image volume ${id} because it is not accessible by current Tenant.` };
    }
    return { kind: 'clone', imageVolume: candidate };
  }
  return { kind: 'copy', reason: `No accessible image volume for image ${image.id} found.` };
}
