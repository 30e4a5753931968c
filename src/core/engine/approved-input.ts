import type { AuditKey } from '../audit/key.js';
import type { RequestRow } from '../store/types.js';
import { requestDigest } from './request-digest.js';

/**
 * Why a claimed request must not run because its input is not what was approved, or undefined when it is:
 * its input must still match the digest made when it opened, and every approval must be of that digest.
 * A database writer can edit the input or the digest, but cannot make a MAC that matches without the key.
 */
export function inputMismatch(row: RequestRow, key: AuditKey): string | undefined {
  if (!row.digest) return 'it has no digest of its input (opened before approvals were bound to their input)';
  if (requestDigest(key, row.operation, row.input) !== row.digest) {
    return 'its input no longer matches the digest recorded when it was requested';
  }
  const other = row.approvals.find((a) => a.digest !== row.digest);
  if (other) return `the approval by ${other.actor.id} was given for a different input`;
  return undefined;
}
