import { deleteVolumeWhenFree } from '../cloud/cleanup.js';
import type { Cloud } from '../cloud/cloud.js';
import { deleteCreatedImage } from '../upload/cleanup.js';
import { removeWorkDir } from './work-dir.js';

/**
 * An interrupted adoption restarts from the beginning: a stream cannot resume half-way. First what the earlier run
 * recorded is cleaned up (its work directory, the new image it had created, a proof volume), and the notes say so.
 */
export async function clearInterruptedAdoption(
  cloud: Cloud,
  from: Record<string, unknown> | undefined,
): Promise<string[]> {
  if (!from) return [];
  const notes: string[] = [];
  const dir = from['work_dir'];
  if (typeof dir === 'string' && dir.includes('blockops-adopt')) {
    await removeWorkDir(dir);
    notes.push(`Removed the interrupted run's work directory ${dir}.`);
  }
  const image = from['image_id'];
  if (typeof image === 'string' && image) {
    const left = await deleteCreatedImage(cloud, image);
    notes.push(
      left.length
        ? `The interrupted run's new image ${image} could not be deleted (${left[0]?.reason}): delete it by hand.`
        : `Deleted the interrupted run's unfinished image ${image}.`,
    );
  }
  const volume = from['volume_id'];
  if (typeof volume === 'string' && volume) {
    const left = await deleteVolumeWhenFree(cloud, volume);
    notes.push(
      left.length
        ? `The interrupted run's proof volume ${volume} could not be deleted.`
        : `Deleted the interrupted run's proof volume ${volume}.`,
    );
  }
  return notes;
}
