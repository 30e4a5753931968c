import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosError, type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';
import axiosRetry, { exponentialDelay } from 'axios-retry';
import { ApiError } from './api-error.js';
import { recordRequest } from './request-ids.js';

export interface HttpOptions {
  /** Name used in errors and audit records: keystone, glance, cinder, nova, neutron, lightbits. */
  service: string;
  baseURL?: string;
  timeoutMs?: number;
  /** Retries of idempotent requests (GET/HEAD/OPTIONS) on no answer, 429 or 5xx. POSTs are never retried blindly. */
  retries?: number;
  /** Base delay of the exponential back-off between retries. */
  retryDelayMs?: number;
  caFile?: string | undefined;
  insecure?: boolean | undefined;
  headers?: Record<string, string>;
}

const IDEMPOTENT = new Set(['get', 'head', 'options']);
const REQUEST_ID_HEADERS = ['x-openstack-request-id', 'x-compute-request-id', 'x-request-id'];

export function requestIdOf(headers: unknown): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as Record<string, unknown>;
  for (const name of REQUEST_ID_HEADERS) {
    const v =
      h[name] ??
      (typeof (h as { get?: unknown }).get === 'function' ? (h as { get(n: string): unknown }).get(name) : undefined);
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

/** The one axios factory: timeouts, TLS settings, idempotent-only retries, request-id capture, ApiError. */
export function createHttp(opts: HttpOptions): AxiosInstance {
  const ca = opts.caFile ? readFileSync(opts.caFile) : undefined;
  const instance = axios.create({
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs ?? 30_000,
    headers: { Accept: 'application/json', ...opts.headers },
    httpAgent: new http.Agent({ keepAlive: true }),
    httpsAgent: new https.Agent({ keepAlive: true, ca, rejectUnauthorized: !opts.insecure }),
    maxBodyLength: Number.POSITIVE_INFINITY,
    maxContentLength: 64 * 1024 * 1024,
    // Proxies from the environment must not see cloud credentials unless the operator configured them on purpose.
    proxy: false,
  });
  const baseDelay = opts.retryDelayMs ?? 200;
  axiosRetry(instance, {
    retries: opts.retries ?? 2,
    shouldResetTimeout: true,
    retryDelay: (n, err) => exponentialDelay(n, err, baseDelay),
    retryCondition: (err) => {
      const method = (err.config?.method ?? 'get').toLowerCase();
      if (!IDEMPOTENT.has(method)) return false;
      const status = err.response?.status;
      return status === undefined || status === 429 || status >= 500;
    },
  });
  instance.interceptors.response.use(
    (res) => {
      record(opts.service, res);
      return res;
    },
    (err: unknown) => {
      if (err instanceof ApiError || !isAxiosError(err)) throw err;
      throw toApiError(opts.service, err);
    },
  );
  return instance;
}

/** Downloads may be pre-signed URLs: their query is a credential, so the audit log keeps only the path. */
function recordedUrl(service: string, url: string): string {
  return service === 'download' ? url.replace(/\?.*$/, '?…') : url;
}

function record(service: string, res: AxiosResponse): void {
  recordRequest({
    service,
    method: (res.config.method ?? 'get').toUpperCase(),
    url: recordedUrl(service, fullUrl(res.config.baseURL, res.config.url)),
    status: res.status,
    requestId: requestIdOf(res.headers),
  });
}

function fullUrl(base: string | undefined, url: string | undefined): string {
  if (!url) return base ?? '';
  if (/^https?:\/\//.test(url) || !base) return url;
  return `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

export function toApiError(service: string, err: AxiosError): ApiError {
  const res = err.response;
  const method = (err.config?.method ?? 'get').toUpperCase();
  const url = fullUrl(err.config?.baseURL, err.config?.url);
  const requestId = res ? requestIdOf(res.headers) : undefined;
  recordRequest({ service, method, url: recordedUrl(service, url), status: res?.status ?? 0, requestId });
  return new ApiError({
    service,
    method,
    // A download's query may be a signature: its error message (which a log may show) does not carry it either.
    url: recordedUrl(service, url),
    status: res?.status ?? 0,
    requestId,
    body: res?.data,
    message: res ? undefined : `no answer (${err.code ?? err.message})`,
    cause: scrubbedCause(err),
  });
}

/**
 * The AxiosError itself must not travel on as the cause: its config carries X-Auth-Token / Authorization
 * headers and request bodies with passwords, which a logger serializing causes would print.
 */
function scrubbedCause(err: AxiosError): Error {
  const cause = new Error(err.message);
  cause.name = err.name;
  if (err.code) (cause as Error & { code?: string }).code = err.code;
  return cause;
}
