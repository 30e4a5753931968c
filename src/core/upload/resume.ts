import type { Cloud } from '../cloud/cloud.js';
import { deleteCreatedImage } from './cleanup.js';

/**
 * A job interrupted after createImage left an image behind. A stream cannot be resumed half-way, so the run
 * starts again: the earlier image is deleted first, and the notes say so (or that it could not be deleted).
 */
export async function clearInterruptedRun(
  cloud: Cloud,
  resumeFrom: Record<string, unknown> | undefined,
): Promise<string[]> {
  const earlier = resumeFrom?.['image_id'];
  if (typeof earlier !== 'string' || !earlier) return [];
  const leftovers = await deleteCreatedImage(cloud, earlier);
  if (!leftovers.length)
    return [`An interrupted earlier run had created image ${earlier}; it was deleted and the upload started again.`];
  return [
    `An interrupted earlier run had created image ${earlier}, which could not be deleted (${leftovers[0]!.reason}): ` +
      `delete it with \`openstack image delete ${earlier}\`.`,
  ];
}
