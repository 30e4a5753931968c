import { storedCode } from '../core/errors/codes.js';
import { OpsError } from '../core/errors/ops-error.js';

/**
 * A request-managing verb (approve-request) that completed an approval runs the job at once and answers with the
 * request: when that job failed, the command failed too, with the job's own error (exit status non-zero).
 */
export function failedJobOf(output: unknown): OpsError | undefined {
  const view = output as
    | { status?: unknown; request_id?: string; error?: { code: string; message: string }; leftovers?: unknown[] }
    | undefined;
  if (view?.status !== 'failed') return undefined;
  const error = view.error ?? { code: 'JOB.FAILED', message: 'The job failed.' };
  return new OpsError(storedCode(error.code), `Request ${view.request_id} failed: ${error.message}`, {
    details: { request_id: view.request_id, leftovers: view.leftovers ?? [] },
  });
}
