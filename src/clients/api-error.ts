/** An HTTP call to OpenStack or Lightbits that did not succeed, with what the service said. */
export class ApiError extends Error {
  readonly service: string;
  readonly method: string;
  readonly url: string;
  /** 0 when no HTTP answer arrived (connection refused, timeout). */
  readonly status: number;
  readonly requestId: string | undefined;
  readonly body: unknown;

  constructor(init: {
    service: string;
    method: string;
    url: string;
    status: number;
    requestId?: string | undefined;
    body?: unknown;
    message?: string;
    cause?: unknown;
  }) {
    const detail = init.message ?? serviceMessage(init.body) ?? (init.status ? `HTTP ${init.status}` : 'no answer');
    super(`${init.service} ${init.method.toUpperCase()} ${init.url}: ${detail}`, { cause: init.cause });
    this.name = 'ApiError';
    this.service = init.service;
    this.method = init.method.toUpperCase();
    this.url = init.url;
    this.status = init.status;
    this.requestId = init.requestId;
    this.body = init.body;
  }

  /** The same failure told in other words (and without a cause): for callers that know more than HTTP did. */
  withMessage(message: string | undefined): ApiError {
    return new ApiError({
      service: this.service,
      method: this.method,
      url: this.url,
      status: this.status,
      requestId: this.requestId,
      body: this.body,
      message,
    });
  }

  /** The service's own words, whatever its error dialect (Keystone, Glance, Cinder/Nova, Lightbits). */
  get serviceMessage(): string | undefined {
    return serviceMessage(this.body);
  }
}

export function serviceMessage(body: unknown): string | undefined {
  if (body == null) return undefined;
  if (typeof body === 'string') return body.trim().slice(0, 500) || undefined;
  if (typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  // Keystone: {"error": {code, message, title}}
  if (b['error'] && typeof b['error'] === 'object') {
    const m = (b['error'] as Record<string, unknown>)['message'];
    if (typeof m === 'string') return m;
  }
  // Glance: {"code": "404 Not Found", "message": "…<br /><br />…", "title"}
  if (typeof b['message'] === 'string') return cleanGlanceMessage(b['message']);
  // Cinder / Nova: {"itemNotFound": {code, message}}
  for (const v of Object.values(b)) {
    if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)['message'] === 'string') {
      return (v as Record<string, unknown>)['message'] as string;
    }
  }
  return undefined;
}

function cleanGlanceMessage(m: string): string {
  return m
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
