import type { Cloud } from '../cloud/cloud.js';
import { OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';
import { deleteCreatedImage } from '../upload/cleanup.js';

/** A failure after adoption made a new image: that image is deleted, and the error says whether it could be. */
export async function failedAfterCreating(cloud: Cloud, imageId: string, cause: unknown): Promise<OpsError> {
  const leftovers = await deleteCreatedImage(cloud, imageId);
  const err = toOpsError(cause);
  return new OpsError(
    err.code,
    `${err.message} ${leftovers.length ? `The new image ${imageId} could not be deleted.` : `The new image ${imageId} was deleted.`}`,
    { cause, details: { ...err.details, leftovers } },
  );
}
