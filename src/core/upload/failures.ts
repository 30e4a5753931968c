import type { Cloud } from '../cloud/cloud.js';
import { isOpsError, OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';
import { deleteCreatedImage, uploadFailure } from './cleanup.js';
import type { FormatDetection } from './detect-format.js';

/**
 * Runs the steps that follow createImage. Any failure deletes the image (best effort) and becomes an OpsError
 * that says what happened and lists in details.leftovers what could not be deleted.
 */
export async function withCleanup<T>(
  cloud: Cloud,
  imageId: string,
  what: string,
  signal: AbortSignal,
  steps: () => Promise<T>,
): Promise<T> {
  try {
    return await steps();
  } catch (err) {
    const leftovers = await deleteCreatedImage(cloud, imageId);
    if (isOpsError(err) && err.code.startsWith('UPLOAD.')) {
      throw uploadFailure(err.code, err.message, imageId, leftovers, { cause: err.cause, details: err.details });
    }
    if (signal.aborted) {
      throw uploadFailure('UPLOAD.CANCELLED', `The ${what} was cancelled.`, imageId, leftovers, { cause: err });
    }
    const e = toOpsError(err);
    throw uploadFailure('UPLOAD.FAILED', `The ${what} failed: ${e.message}`, imageId, leftovers, {
      cause: err,
      details: { error_code: e.code, ...e.details },
    });
  }
}

export function formatMismatch(message: string, declared: string, d: FormatDetection): OpsError {
  return new OpsError('UPLOAD.FORMAT_MISMATCH', message, {
    details: { declared, detected: d.format, evidence: d.evidence, virtual_size: d.virtualSize },
  });
}
