/**
 * An error as the Lightbits API service reports it. The service is grpc-gateway (v1) over gRPC, so each HTTP
 * status comes from a gRPC code and the body is `{"error", "code", "message", "details"}`.
 */
export class LightbitsApiError extends Error {
  readonly status: number;
  readonly grpcCode: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'LightbitsApiError';
    this.status = status;
    this.grpcCode = GRPC_CODE[status] ?? 2;
  }

  toJSON(): { error: string; code: number; message: string; details: unknown[] } {
    return { error: this.message, code: this.grpcCode, message: this.message, details: [] };
  }
}

/** grpc-gateway v1 HTTPStatusFromCode, inverted for the statuses the API documents. */
const GRPC_CODE: Record<number, number> = {
  400: 3, // InvalidArgument
  401: 16, // Unauthenticated
  403: 7, // PermissionDenied
  404: 5, // NotFound
  409: 6, // AlreadyExists (also Aborted)
  412: 9, // FailedPrecondition: "Etag mismatch"
  500: 13, // Internal
  501: 12, // Unimplemented
  503: 14, // Unavailable: "temporary state (Creating/Updating)"
};

export const badRequest = (m: string) => new LightbitsApiError(400, m);
export const notFound = (m: string) => new LightbitsApiError(404, m);
export const conflict = (m: string) => new LightbitsApiError(409, m);
export const unavailable = (m: string) => new LightbitsApiError(503, m);
