/**
 * Failures that are not an HTTP error (those stay ApiError): an ambiguous name, a wait that failed or timed out,
 * a cloud too old for a request, a bad configuration. A plain Error with a stable `code`, like Node's own errors.
 */
export type OpenStackErrorCode =
  | 'CONFIG_INVALID'
  | 'ENDPOINT_NOT_FOUND'
  | 'MICROVERSION_UNSUPPORTED'
  | 'BAD_RESPONSE'
  | 'AMBIGUOUS_NAME'
  | 'WAIT_FAILED'
  | 'WAIT_TIMEOUT'
  | 'WAIT_ABORTED';

export type OpenStackClientError = Error & { code: OpenStackErrorCode; details: Record<string, unknown> };

export function openstackError(
  code: OpenStackErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  cause?: unknown,
): OpenStackClientError {
  const err = new Error(message, cause === undefined ? undefined : { cause }) as OpenStackClientError;
  err.code = code;
  err.details = details;
  return err;
}

export function isOpenStackError(err: unknown, code?: OpenStackErrorCode): err is OpenStackClientError {
  if (!(err instanceof Error)) return false;
  const c = (err as Partial<OpenStackClientError>).code;
  return typeof c === 'string' && (code === undefined || c === code);
}
