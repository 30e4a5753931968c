import { isAdminToken } from '../keystone/tokens.js';
import { compareBy, nextQuery, pageAfter, parseLimit, parseSort } from '../paging.js';
import { httpError, sendEmpty, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Image } from '../state/images.js';
import { canSeeImage, canWriteImage, memberStatus } from './access.js';
import { removeFromStore } from './stores.js';
import { imageView } from './view.js';

export function findImage(ctx: Ctx, id: string): Image {
  const image = ctx.emu.state.images.get(id);
  if (!image || !ctx.token || !canSeeImage(ctx.emu, ctx.token, image)) {
    throw httpError(404, `No image found with ID ${id}`);
  }
  return image;
}

export function findWritableImage(ctx: Ctx, id: string, action: string): Image {
  const image = findImage(ctx, id);
  if (!ctx.token || !canWriteImage(ctx.emu, ctx.token, image)) {
    throw httpError(403, `You are not authorized to complete ${action} action.`);
  }
  return image;
}

function sortField(image: Image, key: string): unknown {
  const map: Record<string, unknown> = {
    created_at: image.createdAt,
    updated_at: image.updatedAt,
    name: image.name,
    status: image.status,
    size: image.size,
    disk_format: image.diskFormat,
    container_format: image.containerFormat,
    visibility: image.visibility,
    min_disk: image.minDisk,
    min_ram: image.minRam,
  };
  return key in map ? map[key] : image.id;
}

function matches(ctx: Ctx, image: Image): boolean {
  const q = ctx.query;
  const token = ctx.token;
  if (!token || !canSeeImage(ctx.emu, token, image)) return false;
  const visibility = q.get('visibility');
  if (visibility === null) {
    if (image.visibility === 'community' && image.owner !== token.projectId && !isAdminToken(ctx.emu, token))
      return false;
  } else if (visibility !== 'all' && image.visibility !== visibility) return false;
  // A shared image appears in a member's list once accepted (Glance's default member_status=accepted).
  const membership = memberStatus(image, token);
  if (membership !== undefined && image.owner !== token.projectId && !isAdminToken(ctx.emu, token)) {
    if (membership !== (q.get('member_status') ?? 'accepted') && q.get('member_status') !== 'all') return false;
  }
  const hidden = q.get('os_hidden');
  if (image.osHidden !== (hidden === 'true')) return false;
  const eq: [string, unknown][] = [
    ['name', image.name],
    ['status', image.status],
    ['owner', image.owner],
    ['disk_format', image.diskFormat],
    ['container_format', image.containerFormat],
    ['id', image.id],
  ];
  for (const [key, value] of eq) {
    const want = q.get(key);
    if (want === null) continue;
    const options = want.startsWith('in:') ? want.slice(3).split(',') : [want];
    if (!options.includes(String(value))) return false;
  }
  for (const tag of q.getAll('tag')) if (!image.tags.includes(tag)) return false;
  const min = q.get('size_min');
  const max = q.get('size_max');
  if (min !== null && (image.size ?? -1) < Number(min)) return false;
  if (max !== null && (image.size ?? Number.POSITIVE_INFINITY) > Number(max)) return false;
  return true;
}

/** GET /v2/images: filters, sort, limit (default 25, max 1000), marker, and `first`/`next` links like Glance. */
export function listImages(ctx: Ctx): void {
  const items = [...ctx.emu.state.images.values()].filter((i) => matches(ctx, i));
  const defaults = [
    { key: 'created_at', dir: 'desc' as const },
    { key: 'id', dir: 'desc' as const },
  ];
  items.sort(compareBy(parseSort(ctx.query, defaults), sortField));
  const limit = parseLimit(ctx.query, 1000, 25);
  const page = pageAfter(items, ctx.query.get('marker'), limit, (m) => `No image found with ID ${m}`);
  for (const i of page) ctx.emu.clock.observe(i);
  const firstParams = new URLSearchParams(ctx.query);
  firstParams.delete('marker');
  const qs = firstParams.toString();
  const body: Record<string, unknown> = {
    first: qs ? `/v2/images?${qs}` : '/v2/images',
    images: page.map(imageView),
    schema: '/v2/schemas/images',
  };
  const last = page[page.length - 1];
  if (last && page.length === limit) body['next'] = `/v2/images?${nextQuery(ctx.query, last.id)}`;
  sendJson(ctx, 200, body);
}

export function showImage(ctx: Ctx): void {
  const image = findImage(ctx, ctx.params['id'] ?? '');
  ctx.emu.clock.observe(image);
  sendJson(ctx, 200, imageView(image));
}

/** DELETE /v2/images/{id} → 204; the Cinder store deletes the image volume and so its Lightbits volume. */
export async function deleteImage(ctx: Ctx): Promise<void> {
  const image = findWritableImage(ctx, ctx.params['id'] ?? '', 'delete_image');
  if (image.protected) throw httpError(403, `Image ${image.id} is protected and cannot be deleted.`);
  image.status = 'deleted';
  ctx.emu.state.images.delete(image.id);
  await removeFromStore(ctx.emu, image);
  sendEmpty(ctx, 204);
}
