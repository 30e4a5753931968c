import { sendJson } from '../respond.js';
import type { Ctx } from '../router.js';

function v3Doc(ctx: Ctx) {
  return {
    id: 'v3.14',
    links: [{ href: `${ctx.emu.config.baseUrl}/identity/v3/`, rel: 'self' }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
  };
}

/** GET /identity/ → 300 Multiple Choices, like Keystone's root. */
export function versionRoot(ctx: Ctx): void {
  sendJson(ctx, 300, { versions: { values: [v3Doc(ctx)] } }, { Location: `${ctx.emu.config.baseUrl}/identity/v3/` });
}

export function versionV3(ctx: Ctx): void {
  sendJson(ctx, 200, { version: v3Doc(ctx) });
}
