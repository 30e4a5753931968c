import { isAdminToken } from '../keystone/tokens.js';
import { httpError, isoZ, isRecord, readJson, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Image, ImageMember } from '../state/images.js';
import { findImage, findWritableImage } from './images.js';

const STATUSES = ['pending', 'accepted', 'rejected'] as const;

function memberView(image: Image, m: ImageMember): Record<string, unknown> {
  return {
    created_at: isoZ(m.createdAt),
    image_id: image.id,
    member_id: m.memberId,
    schema: '/v2/schemas/member',
    status: m.status,
    updated_at: isoZ(m.updatedAt),
  };
}

function sharedImage(image: Image): ImageMember[] {
  if (image.visibility !== 'shared') throw httpError(403, 'Only shared images have members.');
  image.members ??= [];
  return image.members;
}

/** GET /v2/images/{id}/members: the image's members, for whoever may see the image (Glance api-ref). */
export function listMembers(ctx: Ctx): void {
  const image = findImage(ctx, ctx.params['id'] ?? '');
  const members = sharedImage(image);
  sendJson(ctx, 200, { members: members.map((m) => memberView(image, m)), schema: '/v2/schemas/members' });
}

/** POST /v2/images/{id}/members {"member": project}: the owner (or admin) shares the image; the member starts pending. */
export async function addMember(ctx: Ctx): Promise<void> {
  const image = findWritableImage(ctx, ctx.params['id'] ?? '', 'add_member');
  const body = await readJson(ctx);
  const member = isRecord(body) ? body['member'] : undefined;
  if (typeof member !== 'string' || member === '') throw httpError(400, 'Member to be added not specified');
  const members = sharedImage(image);
  if (members.some((m) => m.memberId === member)) {
    throw httpError(409, `The target member ${member} is already associated with image ${image.id}.`);
  }
  const now = new Date();
  const added: ImageMember = { memberId: member, status: 'pending', createdAt: now, updatedAt: now };
  members.push(added);
  sendJson(ctx, 200, memberView(image, added));
}

/** PUT /v2/images/{id}/members/{member} {"status": …}: the member itself (or admin) accepts or rejects the share. */
export async function updateMember(ctx: Ctx): Promise<void> {
  const image = findImage(ctx, ctx.params['id'] ?? '');
  const memberId = ctx.params['member'] ?? '';
  const found = sharedImage(image).find((m) => m.memberId === memberId);
  if (!found) throw httpError(404, `${memberId} is not a member of image ${image.id}`);
  const token = ctx.token;
  if (!token || (token.projectId !== memberId && !isAdminToken(ctx.emu, token))) {
    throw httpError(403, 'You are not authorized to complete modify_member action.');
  }
  const body = await readJson(ctx);
  const status = isRecord(body) ? body['status'] : undefined;
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    throw httpError(
      400,
      `Provided object does not match schema 'member': '${String(status)}' is not one of ${JSON.stringify(STATUSES)}`,
    );
  }
  found.status = status as ImageMember['status'];
  found.updatedAt = new Date();
  sendJson(ctx, 200, memberView(image, found));
}
