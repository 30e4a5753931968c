import { isAdminToken } from '../keystone/tokens.js';
import type { Emu } from '../runtime.js';
import type { Token } from '../state/identity.js';
import type { Image } from '../state/images.js';

/** Whether Glance would show this image to the token (admin sees all; otherwise owner, public or community). */
export function canSeeImage(emu: Emu, token: Token, image: Image): boolean {
  if (image.status === 'deleted') return false;
  if (isAdminToken(emu, token)) return true;
  return (
    image.owner === token.projectId ||
    image.visibility === 'public' ||
    image.visibility === 'community' ||
    memberStatus(image, token) !== undefined
  );
}

/** The token's project's membership of a shared image (undefined when it is none). */
export function memberStatus(image: Image, token: Token): string | undefined {
  if (image.visibility !== 'shared') return undefined;
  return image.members?.find((m) => m.memberId === token.projectId)?.status;
}

/** Whether the token may change or delete this image. */
export function canWriteImage(emu: Emu, token: Token, image: Image): boolean {
  return isAdminToken(emu, token) || image.owner === token.projectId;
}
