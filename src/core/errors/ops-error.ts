import type { ErrorCode } from './codes.js';

/**
 * An expected failure with a stable code (from the catalogue in codes.ts) and a message that says what to do next.
 */
export class OpsError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, { cause: options?.cause });
    this.name = 'OpsError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isOpsError(e: unknown): e is OpsError {
  return e instanceof OpsError;
}
