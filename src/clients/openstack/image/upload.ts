import { pipeline, type Readable, Transform } from 'node:stream';
import type { AxiosInstance } from 'axios';

export interface UploadOptions {
  /** Bytes in the stream. Send it: Glance passes Content-Length to the Cinder store, which sizes the volume by it. */
  size?: number;
  /** Glance store id (multi-store clouds), sent as X-Image-Meta-Store. */
  store?: string;
  onProgress?: (bytesSent: number) => void;
  signal?: AbortSignal;
  /** Idle timeout of the upload socket; default 15 min (the Cinder store may take long to answer after the last byte). */
  timeoutMs?: number;
}

export const UPLOAD_IDLE_TIMEOUT_MS = 15 * 60_000;

/** PUT a stream as application/octet-stream, never buffering it. Returns the bytes sent. */
export async function putStream(
  http: AxiosInstance,
  url: string,
  source: Readable,
  opts: UploadOptions,
): Promise<{ bytesSent: number }> {
  let bytesSent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesSent += chunk.length;
      opts.onProgress?.(bytesSent);
      done(null, chunk);
    },
  });
  pipeline(source, counter, () => {}); // errors reach axios through counter, which aborts the request
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (opts.size !== undefined) headers['Content-Length'] = String(opts.size);
  if (opts.store) headers['X-Image-Meta-Store'] = opts.store;
  try {
    await http.put(url, counter, {
      headers,
      // follow-redirects keeps every written chunk in memory to replay the body on a redirect: bypass it.
      maxRedirects: 0,
      timeout: opts.timeoutMs ?? UPLOAD_IDLE_TIMEOUT_MS,
      signal: opts.signal,
    });
  } catch (err) {
    counter.destroy(); // and with it the source: part of it may be consumed, it cannot be sent again
    throw err;
  }
  return { bytesSent };
}
