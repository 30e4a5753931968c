import { ApiError } from '../../clients/api-error.js';
import type { Cloud } from '../cloud/cloud.js';
import type { ErrorCode } from '../errors/codes.js';
import { OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';

/** Something a failed upload created and could not remove. */
export interface Leftover {
  kind: 'image';
  id: string;
  reason: string;
}

/** Deletes the image a failed upload created; what could not be deleted is returned, not thrown. */
export async function deleteCreatedImage(cloud: Cloud, imageId: string): Promise<Leftover[]> {
  try {
    await cloud.openstack.image.deleteImage(imageId);
    return [];
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    return [{ kind: 'image', id: imageId, reason: toOpsError(err).message }];
  }
}

/**
 * The error of an upload that failed after creating an image: says what went wrong, what was cleaned up, and
 * lists in details.leftovers what was not, so the audit log shows it.
 */
export function uploadFailure(
  code: ErrorCode,
  message: string,
  imageId: string,
  leftovers: Leftover[],
  opts: { cause?: unknown; details?: Record<string, unknown> } = {},
): OpsError {
  const cleanup = leftovers.length
    ? ` blockops could not delete the image it created (${leftovers.map((l) => `${l.id}: ${l.reason}`).join('; ')}): ` +
      `delete it with \`openstack image delete ${imageId}\`.`
    : ` The image ${imageId} it had created was deleted.`;
  return new OpsError(code, `${message}${cleanup}`, {
    cause: opts.cause,
    details: { ...opts.details, image_id: imageId, leftovers },
  });
}
