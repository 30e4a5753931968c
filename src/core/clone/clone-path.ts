/**
 * Predicts whether Cinder will make a volume from an image as a block-level clone of the image's volume
 * (the fast path) or download and copy it, checking the conditions of Cinder's `_clone_image_volume`
 * (cinder/volume/flows/manager/create_volume.py) against what the APIs show. See docs/clone-path.md.
 */
import { checkConditions } from './clone-conditions.js';
import type { CloneCondition, ClonePath, ClonePathFacts, ClonePrediction } from './clone-types.js';

export { cinderVolumeIdFromUrl } from './clone-conditions.js';
export type { CloneCondition, ClonePath, ClonePathFacts, ClonePrediction, Holds } from './clone-types.js';

export function predictClonePath(f: ClonePathFacts): ClonePrediction {
  const conditions = checkConditions(f);
  const failing = conditions.filter((c) => c.holds === 'no');
  const path: ClonePath = failing.length ? 'copy' : 'block-clone';
  const unknown = conditions.some((c) => c.holds === 'unknown');
  return {
    path,
    confidence: failing.length || !unknown ? 'certain' : 'likely',
    conditions,
    reasons: failing.map((c) => c.evidence),
    advice: failing.flatMap(adviceFor),
  };
}

function adviceFor(c: CloneCondition): string[] {
  switch (c.id) {
    case 'raw_bare':
      return [
        'Convert the image to raw (qemu-img convert -O raw in.qcow2 out.raw) and upload it with disk_format=raw, ' +
          'container_format=bare: later volumes from it are block clones.',
      ];
    case 'cinder_location':
      return ["Upload the image into Glance's cinder store, and have Glance show locations (show_multiple_locations)."];
    case 'same_backend':
      return [`Create the volume with the image volume's type, so it lands on the same backend.`];
    case 'direct_url_schemes':
      return ['Add cinder to allowed_direct_url_schemes in cinder.conf.'];
    case 'owner':
      return ["Create the volume in the image owner's project."];
    case 'not_encrypted':
      return ['Block clones need an unencrypted volume type.'];
  }
}
