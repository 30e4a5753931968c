import { rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { httpError, isRecord, readJson, sendEmpty } from '../respond.js';
import type { Ctx } from '../router.js';
import { header } from '../server.js';
import type { Image } from '../state/images.js';
import { openImageData } from './data.js';
import { findWritableImage } from './images.js';
import { IMPORT_METHODS } from './info.js';
import { copyToStore, parseStore, type StoreId, writeToStore } from './stores.js';
import { requireFormats, resetToQueued } from './upload.js';
import { imageLocations, touchImage } from './view.js';

const LOCAL_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** web-download fetches only from this machine: the emulator never reaches the internet. */
function checkUri(uri: unknown): URL {
  if (typeof uri !== 'string')
    throw httpError(400, "web-download needs 'uri' in 'method': the URL to fetch the image from.");
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw httpError(400, `Invalid URI ${uri} for web-download: not a URL.`);
  }
  if (url.protocol !== 'http:' || !LOCAL_HOSTS.includes(url.hostname)) {
    throw httpError(
      400,
      `Import from ${uri} is not allowed here: web-download in this cloud only fetches http:// URLs on 127.0.0.1 or localhost.`,
    );
  }
  return url;
}

function fetchLocal(url: URL): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET ${url.href} answered HTTP ${res.statusCode}`));
        } else resolve(res);
      })
      .on('error', reject);
  });
}

type Source = () => Promise<{ stream: AsyncIterable<Buffer>; length: number | null }>;

async function runImport(ctx: Ctx, image: Image, store: StoreId, source: Source) {
  const emu = ctx.emu;
  const owner = ctx.token?.projectId ?? image.owner;
  try {
    await emu.clock.hold(image, 500);
    const { stream, length } = await source();
    await writeToStore(emu, image, store, stream, length, owner);
    delete image.properties['os_glance_importing_to_stores'];
    image.status = 'active';
  } catch (err) {
    resetToQueued(image);
    delete image.properties['os_glance_importing_to_stores'];
    image.properties['os_glance_failed_import'] = store;
    throw err;
  } finally {
    if (image.staged?.kind === 'file') await rm(image.staged.path, { force: true });
    image.staged = null;
    touchImage(image);
  }
}

/**
 * copy-image (Glance ≥ Ussuri): the image stays `active` while its bits are copied into the named stores; meanwhile
 * `os_glance_importing_to_stores` lists them, a failure lands in `os_glance_failed_import`.
 */
function startCopy(ctx: Ctx, image: Image, stores: unknown[]): void {
  if (image.status !== 'active') throw httpError(409, 'Image status must be active to copy it to other stores.');
  if (!stores.length) throw httpError(400, 'Stores parameter required for copy-image.');
  const targets = stores.map((s) => parseStore(typeof s === 'string' ? s : null));
  const present = imageLocations(image).map((l) => l.store);
  const missing = targets.filter((s) => !present.includes(s));
  if (!missing.length) throw httpError(409, `Image ${image.id} is already present in store(s) ${targets.join(',')}.`);
  image.properties['os_glance_importing_to_stores'] = missing.join(',');
  touchImage(image);
  sendEmpty(ctx, 202);
  const owner = ctx.token?.projectId ?? image.owner;
  ctx.emu.background(`copy image ${image.id}`, async () => {
    for (const store of missing) {
      try {
        await ctx.emu.clock.hold(image, 500);
        await copyToStore(ctx.emu, image, store, owner);
      } catch (err) {
        image.properties['os_glance_failed_import'] = store;
        throw err;
      } finally {
        const left = (image.properties['os_glance_importing_to_stores'] ?? '')
          .split(',')
          .filter((s) => s && s !== store);
        if (left.length) image.properties['os_glance_importing_to_stores'] = left.join(',');
        else delete image.properties['os_glance_importing_to_stores'];
        touchImage(image);
      }
    }
  });
}

/** POST /v2/images/{id}/import: glance-direct (after stage) or web-download; 202, then `importing` → `active`. */
export async function importImage(ctx: Ctx): Promise<void> {
  const image = findWritableImage(ctx, ctx.params['id'] ?? '', 'import_image');
  const body = await readJson(ctx);
  const method = isRecord(body) && isRecord(body['method']) ? body['method'] : undefined;
  const name = method?.['name'];
  if (typeof name !== 'string' || !IMPORT_METHODS.includes(name)) {
    throw httpError(400, `Import method ${String(name)} is not valid: use one of ${IMPORT_METHODS.join(', ')}.`);
  }
  const stores = isRecord(body) && Array.isArray(body['stores']) ? body['stores'] : [];
  const store = parseStore(typeof stores[0] === 'string' ? stores[0] : header(ctx.req, 'x-image-meta-store'));
  if (name === 'copy-image') return startCopy(ctx, image, stores);
  requireFormats(image);
  let source: Source;
  if (name === 'glance-direct') {
    const staged = image.staged;
    if (image.status !== 'uploading' || !staged) {
      throw httpError(409, "Image needs to be staged before 'glance-direct' method can be used");
    }
    source = async () => ({
      stream: openImageData(staged),
      length: staged.kind === 'file' ? (await stat(staged.path)).size : staged.size,
    });
  } else {
    if (image.status !== 'queued')
      throw httpError(409, `Image status transition from ${image.status} to importing is not allowed`);
    const url = checkUri(method?.['uri']);
    source = async () => {
      const res = await fetchLocal(url);
      return { stream: res, length: Number(res.headers['content-length']) || null };
    };
  }
  image.status = 'importing';
  image.properties['os_glance_importing_to_stores'] = store;
  touchImage(image);
  sendEmpty(ctx, 202);
  ctx.emu.background(`import image ${image.id}`, () => runImport(ctx, image, store, source));
}
