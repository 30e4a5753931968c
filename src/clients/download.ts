import { lookup as dnsLookup } from 'node:dns';
import { lookup as dnsLookupAll } from 'node:dns/promises';
import { isIP } from 'node:net';
import { pipeline, type Readable, Transform } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { ApiError } from './api-error.js';
import { createHttp } from './http.js';

export interface DownloadOptions {
  /** Time to the response headers, and the longest the source may send nothing while we wait for it. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Whether a URL may be requested at all: checked before the first request and before following each redirect.
   * Returns the error to fail with (a string becomes a DownloadRefusedError), or undefined.
   */
  refuseUrl?: (url: URL) => Refusal;
  /** Whether an address may be connected to: checked on every address a host name resolves to, on every hop. */
  refuseAddress?: (address: string, url: URL) => Refusal;
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

/** Why a download must not go on: the error to throw, a reason (thrown as a DownloadRefusedError), or nothing. */
export type Refusal = Error | string | undefined;

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
    const refused = opts.refuseUrl?.(current);
    if (refused) throw asError(current.hostname, refused);
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
    if (res.status < 200 || res.status >= 300) {
      // The body of an error page stays unread: it may be an internal page's contents, and nothing may show it.
      res.data.destroy();
      throw failure(current, res.status);
    }
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
  const literal = isIP(host) ? opts.refuseAddress?.(host, url) : undefined;
  if (literal) throw asError(host, literal);
  // axios wraps lookup errors, and not always with their cause: keep the refusal here.
  const refusal: { error?: Error } = {};
  try {
    return await http.get<Readable>(url.href, {
      responseType: 'stream',
      decompress: false,
      maxRedirects: 0,
      maxContentLength: -1,
      validateStatus: () => true,
      signal: opts.signal,
      lookup: opts.refuseAddress ? checkedLookup(url, opts.refuseAddress, refusal) : undefined,
      // Retry only when no answer came (every status is an answer here), never a refused address.
      'axios-retry': { retryCondition: (err) => !err.response && !refusal.error },
    });
  } catch (err) {
    throw refusal.error ?? err;
  }
}

/**
 * dns.lookup, refusing names that resolve to a forbidden address: the connection uses only what was checked, so a
 * name that resolves differently the second time cannot slip through. (axios adapts the array to `options.all`.)
 */
function checkedLookup(url: URL, refuse: (address: string, url: URL) => Refusal, refusal: { error?: Error }) {
  type Found = { address: string; family: 4 | 6 };
  return (hostname: string, options: object, cb: (err: Error | null, addresses: Found[]) => void) => {
    const family = (options as { family?: number }).family;
    dnsLookup(hostname, { all: true, family: family === 4 || family === 6 ? family : 0 }, (err, addresses) => {
      if (err) return cb(err, []);
      for (const a of addresses) {
        const refused = refuse(a.address, url);
        if (refused) {
          refusal.error = asError(`${hostname} (${a.address})`, refused);
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

/** Every address a host name resolves to now (for checks before any download starts). */
export async function resolveAddresses(hostname: string): Promise<string[]> {
  return (await dnsLookupAll(hostname, { all: true })).map((a) => a.address);
}

function asError(where: string, refused: Error | string): Error {
  return typeof refused === 'string' ? new DownloadRefusedError(where, refused) : refused;
}

/** `reason` is ours, never the server's: what a server sends with an error is not repeated anywhere. */
function failure(url: URL, status: number, reason?: string): ApiError {
  return new ApiError({
    service: 'download',
    method: 'GET',
    url: `${url.origin}${url.pathname}`,
    status,
    body: reason,
  });
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
