import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { pipeline, type Readable, Transform } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { ApiError } from './api-error.js';
import { createHttp } from './http.js';

export interface DownloadOptions {
  /** Time to the response headers, and the longest the source may send nothing while we wait for it. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Why an address must not be connected to (checked on every resolved address and redirect), or undefined. */
  refuseAddress?: (address: string) => string | undefined;
  maxRedirects?: number;
  caFile?: string;
  insecure?: boolean;
}

export interface Download {
  /** The body, byte for byte (never decompressed). */
  stream: Readable;
  /** From Content-Length, when the server sent it. */
  size?: number;
  contentType?: string;
  /** The URL the body came from, after redirects. */
  url: string;
}

/** A download refused because it would connect to a forbidden address. */
export class DownloadRefusedError extends Error {
  readonly code = 'DOWNLOAD_REFUSED';
  constructor(
    readonly address: string,
    readonly reason: string,
  ) {
    super(`Refusing to connect to ${address}: ${reason}`);
    this.name = 'DownloadRefusedError';
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Opens an http(s) download as a stream; only the request is retried, never the body once it flows. */
export async function openDownload(url: string, opts: DownloadOptions = {}): Promise<Download> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const http = createHttp({
    service: 'download',
    timeoutMs,
    caFile: opts.caFile,
    insecure: opts.insecure,
    headers: { Accept: '*/*', 'Accept-Encoding': 'identity' },
  });
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const res = await get(http, current, opts);
    const location = res.headers['location'];
    if (REDIRECTS.has(res.status) && typeof location === 'string') {
      res.data.destroy();
      if (hop >= (opts.maxRedirects ?? 5)) throw failure(current, res.status, 'too many redirects');
      current = new URL(location, current);
      if (current.protocol !== 'http:' && current.protocol !== 'https:') {
        throw failure(current, res.status, `redirected to a ${current.protocol} URL`);
      }
      continue;
    }
    if (res.status < 200 || res.status >= 300) throw failure(current, res.status, await readSome(res.data));
    const length = Number(res.headers['content-length']);
    const contentType = res.headers['content-type'];
    return {
      stream: watchIdle(res.data, timeoutMs, opts.signal),
      size: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      url: current.href,
    };
  }
}

async function get(http: AxiosInstance, url: URL, opts: DownloadOptions): Promise<AxiosResponse<Readable>> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) ? opts.refuseAddress?.(host) : undefined;
  if (literal) throw new DownloadRefusedError(host, literal);
  // axios wraps lookup errors, and not always with their cause: keep the refusal here.
  const refusal: { error?: DownloadRefusedError } = {};
  try {
    return await http.get<Readable>(url.href, {
      responseType: 'stream',
      decompress: false,
      maxRedirects: 0,
      maxContentLength: -1,
      validateStatus: () => true,
      signal: opts.signal,
      lookup: opts.refuseAddress ? checkedLookup(opts.refuseAddress, refusal) : undefined,
      // Retry only when no answer came (every status is an answer here), never a refused address.
      'axios-retry': { retryCondition: (err) => !err.response && !refusal.error },
    });
  } catch (err) {
    throw refusal.error ?? err;
  }
}

/** dns.lookup, refusing names that resolve to a forbidden address (the connection uses what was checked). */
function checkedLookup(refuse: (address: string) => string | undefined, refusal: { error?: DownloadRefusedError }) {
  type Found = { address: string; family: 4 | 6 };
  return (hostname: string, options: object, cb: (err: Error | null, addresses: Found[]) => void) => {
    const family = (options as { family?: number }).family;
    dnsLookup(hostname, { all: true, family: family === 4 || family === 6 ? family : 0 }, (err, addresses) => {
      if (err) return cb(err, []);
      for (const a of addresses) {
        const reason = refuse(a.address);
        if (reason) {
          refusal.error = new DownloadRefusedError(`${hostname} (${a.address})`, reason);
          return cb(refusal.error, []);
        }
      }
      cb(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })),
      );
    });
  };
}

function failure(url: URL, status: number, body: string): ApiError {
  return new ApiError({ service: 'download', method: 'GET', url: `${url.origin}${url.pathname}`, status, body });
}

async function readSome(stream: Readable, limit = 2048): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= limit) break;
    }
  } catch {
    // the status says enough
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Fails the stream when the source sends nothing for timeoutMs while we are ready for more (a slow consumer
 * is not a stall), and when the signal aborts.
 */
function watchIdle(source: Readable, timeoutMs: number, signal: AbortSignal | undefined): Readable {
  let last = Date.now();
  const out = new Transform({
    highWaterMark: 1024 * 1024,
    transform(chunk, _enc, done) {
      last = Date.now();
      done(null, chunk);
    },
  });
  const timer = setInterval(
    () => {
      const waitingForConsumer = out.readableLength >= out.readableHighWaterMark || out.writableNeedDrain;
      if (waitingForConsumer || Date.now() - last < timeoutMs) {
        if (waitingForConsumer) last = Date.now();
        return;
      }
      out.destroy(new Error(`the download stalled: nothing received for ${Math.round(timeoutMs / 1000)} s`));
    },
    Math.min(timeoutMs, 1000),
  );
  timer.unref();
  const onAbort = () => out.destroy(new Error('the download was cancelled'));
  signal?.addEventListener('abort', onAbort, { once: true });
  pipeline(source, out, () => {
    clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  });
  return out;
}
