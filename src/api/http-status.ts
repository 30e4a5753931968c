import { apiFailureKind, isNotFound, isRefusal, isUsageError } from '../core/errors/codes.js';

const CONFLICTS = new Set([
  'APPROVAL.ALREADY_APPROVED',
  'APPROVAL.ALREADY_DECIDED',
  'APPROVAL.EXPIRED',
  'APPROVAL.CANCELLED',
  'APPROVAL.DENIED',
  'REQUEST.DUPLICATE_ID',
]);

/** The HTTP status of an error code, so plain HTTP clients can branch on it; the code itself says exactly what. */
export function httpStatusOf(code: string): number {
  if (isUsageError(code) || code === 'INPUT.INVALID') return 400;
  if (code === 'OPERATION.UNKNOWN' || code === 'APPROVAL.NOT_FOUND' || isNotFound(code)) return 404;
  if (CONFLICTS.has(code)) return 409;
  if (code === 'POLICY.RATE_LIMITED') return 429;
  if (isRefusal(code)) return 403;
  if (apiFailureKind(code) || code.startsWith('CLOUD.')) return 502;
  return 500;
}
