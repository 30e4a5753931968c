import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HttpError, httpError, sendEmpty } from '../respond.js';
import type { Ctx } from '../router.js';
import { header } from '../server.js';
import type { Image } from '../state/images.js';
import { openImageData } from './data.js';
import { findImage, findWritableImage } from './images.js';
import { ingest } from './ingest.js';
import { parseStore, removeFromStore, writeToStore } from './stores.js';
import { touchImage } from './view.js';

export function requireOctetStream(ctx: Ctx): void {
  const type = (header(ctx.req, 'content-type') ?? '').split(';')[0]?.trim();
  if (type !== 'application/octet-stream') {
    throw httpError(
      415,
      `Unsupported Content-Type ${type || '(none)'}: image data must be sent as application/octet-stream.`,
    );
  }
}

export function requireFormats(image: Image): void {
  if (!image.diskFormat || !image.containerFormat) {
    throw httpError(400, 'Properties disk_format, container_format must be set prior to saving data.');
  }
}

export function contentLength(ctx: Ctx): number | null {
  const raw = header(ctx.req, 'content-length');
  return raw && /^\d+$/.test(raw) ? Number.parseInt(raw, 10) : null;
}

export function resetToQueued(image: Image): void {
  Object.assign(image, { status: 'queued', size: null, checksum: null, hashAlgo: null, hashValue: null });
  Object.assign(image, { virtualSize: null, store: null, locationUrl: null, volumeId: null, data: null, copies: [] });
  touchImage(image);
}

/** PUT /v2/images/{id}/file: streamed straight into the store (`saving` meanwhile), then `active`; 204, no body. */
export async function uploadImage(ctx: Ctx): Promise<void> {
  const image = findWritableImage(ctx, ctx.params['id'] ?? '', 'upload_image');
  if (image.status !== 'queued') {
    throw httpError(409, `Image status transition from ${image.status} to saving is not allowed`);
  }
  requireOctetStream(ctx);
  requireFormats(image);
  const store = parseStore(header(ctx.req, 'x-image-meta-store'));
  image.status = 'saving';
  touchImage(image);
  try {
    await writeToStore(ctx.emu, image, store, ctx.req, contentLength(ctx), ctx.token?.projectId ?? image.owner);
  } catch (err) {
    if (ctx.emu.state.images.get(image.id) === image) resetToQueued(image);
    if (err instanceof HttpError) throw err;
    throw httpError(500, `Image upload did not complete: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (ctx.emu.state.images.get(image.id) !== image) {
    await removeFromStore(ctx.emu, image);
    throw httpError(
      410,
      `Image ${image.id} could not be found after upload. The image may have been deleted during the upload.`,
    );
  }
  image.status = 'active';
  touchImage(image);
  sendEmpty(ctx, 204, { 'Content-Type': 'text/html; charset=UTF-8' });
}

/** GET /v2/images/{id}/file: streams the bits; 204 when there are none yet. */
export async function downloadImage(ctx: Ctx): Promise<void> {
  const image = findImage(ctx, ctx.params['id'] ?? '');
  if (image.status === 'deactivated') {
    throw httpError(403, 'The requested image has been deactivated. Image data download is forbidden.');
  }
  if (!image.data || image.status !== 'active') return sendEmpty(ctx, 204);
  ctx.res.writeHead(200, {
    ...ctx.headers,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(image.size ?? 0),
    'Content-Md5': image.checksum ?? '',
  });
  if (ctx.method === 'HEAD') return void ctx.res.end();
  await pipeline(openImageData(image.data), ctx.res);
}

/** PUT /v2/images/{id}/stage (glance-direct, step 1): bytes kept aside, image `uploading`. */
export async function stageImage(ctx: Ctx): Promise<void> {
  const image = findWritableImage(ctx, ctx.params['id'] ?? '', 'stage_image');
  if (image.status !== 'queued') {
    throw httpError(409, `Image status transition from ${image.status} to uploading is not allowed`);
  }
  requireOctetStream(ctx);
  const path = join(ctx.emu.tmpDir, `${image.id}.staged`);
  image.status = 'uploading';
  touchImage(image);
  try {
    await ingest(ctx.req, path);
  } catch (err) {
    await rm(path, { force: true });
    resetToQueued(image);
    throw httpError(400, `Staging did not complete: ${err instanceof Error ? err.message : String(err)}`);
  }
  image.staged = { kind: 'file', path };
  sendEmpty(ctx, 204, { 'Content-Type': 'text/html; charset=UTF-8' });
}
