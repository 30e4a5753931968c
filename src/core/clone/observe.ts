import type { Volume } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { lightbitsProjectOf } from '../cloud/lightbits-project.js';
import type { ClonePath } from './clone-path.js';

/**
 * What Cinder actually did. `downloading` among the statuses means it copied; on the Lightbits side a clone
 * is a volume made from the snapshot `for_clone_<id>` (cinder/volume/drivers/lightos.py).
 */
export async function observedPath(
  cloud: Cloud,
  volume: Volume,
  statuses: string[],
): Promise<{ path: ClonePath; evidence: string; lightbitsUuid?: string }> {
  if (statuses.includes('downloading')) {
    return {
      path: 'copy',
      evidence: `Cinder went through downloading (${statuses.join(' → ')}): it copied the image.`,
    };
  }
  if (cloud.lightbits) {
    const project = await lightbitsProjectOf(cloud, volume.volumeType);
    const lb = await cloud.lightbits.findVolumeByName(`volume-${volume.id}`, project).catch(() => undefined);
    if (lb?.sourceSnapshotName?.startsWith('for_clone_')) {
      return {
        path: 'block-clone',
        evidence: `Lightbits made volume-${volume.id} from snapshot ${lb.sourceSnapshotName}: a block-level clone.`,
        lightbitsUuid: lb.uuid,
      };
    }
    if (lb) {
      return {
        path: 'copy',
        evidence: `Lightbits volume-${volume.id} was created empty (no source snapshot): Cinder wrote the image into it.`,
        lightbitsUuid: lb.uuid,
      };
    }
  }
  return {
    path: 'block-clone',
    evidence: `No downloading status was seen (${statuses.join(' → ')}); Cinder cloned the image volume.`,
  };
}
