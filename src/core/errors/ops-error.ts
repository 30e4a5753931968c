/**
 * An expected failure with a stable code and a message that says what to do next.
 * Codes are part of the interface: front doors and scripts match on them.
 */
export class OpsError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, { cause: options?.cause });
    this.name = 'OpsError';
    this.code = code;
    this.details = options?.details;
  }
}

export function isOpsError(e: unknown): e is OpsError {
  return e instanceof OpsError;
}
