import { isAdminToken } from '../keystone/tokens.js';
import { httpError, sendEmpty } from '../respond.js';
import type { Ctx } from '../router.js';
import { findImage } from './images.js';
import { touchImage } from './view.js';

/**
 * POST /v2/images/{id}/actions/deactivate and …/reactivate (Glance ≥ Kilo): admin only by default policy; only an
 * active or deactivated image may switch; 204 on success, also when already in the target state.
 */
function switchTo(target: 'active' | 'deactivated', action: string) {
  return (ctx: Ctx): void => {
    const image = findImage(ctx, ctx.params['id'] ?? '');
    if (!ctx.token || !isAdminToken(ctx.emu, ctx.token)) {
      throw httpError(403, `You are not authorized to complete ${action} action.`);
    }
    if (image.status !== 'active' && image.status !== 'deactivated') {
      throw httpError(403, `Not allowed to ${action.replace('_image', '')} image in status '${image.status}'`);
    }
    image.status = target;
    touchImage(image);
    sendEmpty(ctx, 204);
  };
}

export const deactivateImage = switchTo('deactivated', 'deactivate');
export const reactivateImage = switchTo('active', 'reactivate');
