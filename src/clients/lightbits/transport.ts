import type { AxiosInstance } from 'axios';
import { ApiError } from '../api-error.js';
import { createHttp } from '../http.js';
import { normalizeEndpoint, verdictFor, withoutCause } from './endpoints.js';

export interface LightbitsConnectionOptions {
  /** API addresses of the cluster nodes: `host:port` (HTTPS assumed) or `http(s)://host:port`. */
  endpoints: string[];
  /** Sent as `Authorization: Bearer …`; empty for clusters installed without multi-tenancy. */
  jwt: string;
  /** Default Lightbits project (the driver's `lightos:project_name`, usually `default`). */
  project: string;
  caFile?: string;
  insecure?: boolean;
  /** Per request and endpoint; the driver's `lightos_api_service_timeout` defaults to 30 s. */
  timeoutMs?: number;
  /** Pause before trying the next endpoint (default 0, as in the driver). */
  retryDelayMs?: number;
  /** Endpoint to start from; random by default, like the driver. */
  startIndex?: number;
}

export interface LightbitsCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  etag?: string | undefined;
}

export interface LightbitsAnswer {
  status: number;
  data: unknown;
  endpoint: string;
}

/** One HTTP client per API endpoint and the driver's walk over them (LightOSConnection.send_cmd). */
export class LightbitsTransport {
  private readonly endpoints: string[];
  private readonly clients: AxiosInstance[];
  private readonly retryDelayMs: number;
  private current: number;
  private lastAnswered: string;

  constructor(opts: LightbitsConnectionOptions) {
    if (opts.endpoints.length === 0) {
      throw new Error('no Lightbits API endpoints configured: give at least one node API address (host:port)');
    }
    this.endpoints = opts.endpoints.map(normalizeEndpoint);
    const headers: Record<string, string> = opts.jwt ? { Authorization: `Bearer ${opts.jwt}` } : {};
    this.clients = this.endpoints.map((baseURL) =>
      createHttp({
        service: 'lightbits',
        baseURL,
        timeoutMs: opts.timeoutMs ?? 30_000,
        retries: 0,
        caFile: opts.caFile,
        insecure: opts.insecure,
        headers,
      }),
    );
    this.retryDelayMs = opts.retryDelayMs ?? 0;
    const n = this.endpoints.length;
    this.current = opts.startIndex === undefined ? Math.floor(Math.random() * n) : ((opts.startIndex % n) + n) % n;
    this.lastAnswered = '';
  }

  /** The endpoint that answered last ('' before any answer). */
  get activeEndpoint(): string {
    return this.lastAnswered;
  }

  async send(call: LightbitsCall): Promise<LightbitsAnswer> {
    const tried: string[] = [];
    let last: ApiError | undefined;
    for (let attempt = 0; attempt < this.endpoints.length; attempt++) {
      if (attempt > 0 && this.retryDelayMs > 0) await sleep(this.retryDelayMs);
      const i = this.current;
      const endpoint = this.endpoints[i]!;
      try {
        const res = await this.clients[i]!.request({
          method: call.method,
          url: call.path,
          data: call.body,
          headers: headersFor(call),
        });
        this.lastAnswered = endpoint;
        return { status: res.status, data: res.data, endpoint };
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const verdict = verdictFor(err, call.method);
        if (!verdict.next) {
          if (err.status !== 0) this.lastAnswered = endpoint;
          throw withoutCause(err);
        }
        tried.push(`${endpoint} (${verdict.why})`);
        last = err;
        this.current = (i + 1) % this.endpoints.length;
      }
    }
    throw new ApiError({
      service: 'lightbits',
      method: call.method,
      url: call.path,
      status: last?.status ?? 0,
      requestId: last?.requestId,
      body: last?.body,
      message:
        `no Lightbits API endpoint could answer; tried ${tried.join(', ')}. ` +
        'Check the configured Lightbits API addresses and that the API service runs on at least one cluster node.',
    });
  }
}

function headersFor(call: LightbitsCall): Record<string, string> {
  const h: Record<string, string> = {};
  if (call.method === 'POST' || call.method === 'PUT') h['Content-Type'] = 'application/json';
  if (call.etag) h['If-Match'] = call.etag;
  return h;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
