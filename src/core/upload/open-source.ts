import type { Readable } from 'node:stream';
import { ApiError } from '../../clients/api-error.js';
import { openDownload } from '../../clients/download.js';
import { OpsError } from '../errors/ops-error.js';
import { FOOTER_BYTES, HEAD_BYTES } from './detect-format.js';
import { peek } from './peek.js';
import { openImageFile } from './source-file.js';
import { checkImageUrl, displayUrl, isUrlSource, urlGuard } from './source-url.js';
import { ANY_PUBLIC_HOST } from './url-hosts.js';

/** The bytes to upload, opened and checked, with what detection needs read ahead. */
export interface ImageSource {
  kind: 'file' | 'url';
  /** For messages: the path, or the URL without credentials or query. */
  label: string;
  size: number | undefined;
  /** The first 64 KiB (all of it if shorter). */
  head: Buffer;
  /** The last 512 bytes, when they can be read before uploading (files). */
  tail: Buffer | undefined;
  /** All the bytes from the start, head included. Consume once. */
  stream: Readable;
  /** Releases the file or connection when the stream will not be consumed. */
  close(): void;
}

export interface OpenSourceOptions {
  imageDirs: string[];
  /** The policy's image_hosts (default: any host on a public address). */
  imageHosts?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
  downloadTimeoutMs?: number | undefined;
}

export async function openSource(source: string, opts: OpenSourceOptions): Promise<ImageSource> {
  return isUrlSource(source) ? openUrl(source, opts) : openFile(source, opts);
}

async function openFile(path: string, opts: OpenSourceOptions): Promise<ImageSource> {
  const file = await openImageFile(path, opts.imageDirs);
  try {
    const head = await readAt(file.handle, 0, Math.min(HEAD_BYTES, file.size));
    const tail = await readAt(file.handle, Math.max(0, file.size - FOOTER_BYTES), Math.min(FOOTER_BYTES, file.size));
    // Exactly the bytes checked and announced in Content-Length, even if the file grows meanwhile.
    const stream = file.handle.createReadStream({ start: 0, end: file.size - 1, highWaterMark: 1024 * 1024 });
    return {
      kind: 'file',
      label: path,
      size: file.size,
      head,
      tail,
      stream: guarded(stream),
      close: () => stream.destroy(),
    };
  } catch (err) {
    await file.handle.close();
    throw err;
  }
}

async function openUrl(source: string, opts: OpenSourceOptions): Promise<ImageSource> {
  const hosts = opts.imageHosts ?? [ANY_PUBLIC_HOST];
  const url = checkImageUrl(source, hosts);
  const label = displayUrl(url);
  const guard = urlGuard(hosts);
  let download: Awaited<ReturnType<typeof openDownload>>;
  try {
    download = await openDownload(url.href, {
      signal: opts.signal,
      timeoutMs: opts.downloadTimeoutMs,
      refuseUrl: guard.refuseUrl,
      refuseAddress: guard.refuseAddress,
    });
  } catch (err) {
    if (err instanceof OpsError) throw err; // refused by the guard
    throw unreadable(label, err);
  }
  const { head, stream } = await peek(download.stream, HEAD_BYTES).catch((err: unknown) => {
    throw unreadable(label, err);
  });
  return {
    kind: 'url',
    label,
    size: download.size,
    head,
    tail: undefined,
    stream: guarded(stream),
    close: () => stream.destroy(),
  };
}

function unreadable(label: string, err: unknown): OpsError {
  const said =
    err instanceof ApiError
      ? err.status
        ? `the server answered HTTP ${err.status}${err.serviceMessage ? ` (${err.serviceMessage})` : ''}`
        : err.message.split(': ').slice(-1)[0]
      : err instanceof Error
        ? err.message
        : String(err);
  return new OpsError(
    'UPLOAD.SOURCE_UNREADABLE',
    `Could not download ${label}: ${said}. Check the URL, and that the blockops host can reach it.`,
    { cause: err, details: { url: label, status: err instanceof ApiError ? err.status : undefined } },
  );
}

async function readAt(
  handle: import('node:fs/promises').FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/** An error before the consumer attaches must not crash the process: the consumer's pipeline reports it. */
function guarded(stream: Readable): Readable {
  stream.on('error', () => {});
  return stream;
}
