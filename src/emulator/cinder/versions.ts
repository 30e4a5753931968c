import { sendJson } from '../respond.js';
import type { Ctx } from '../router.js';

function v3(ctx: Ctx) {
  return {
    id: 'v3.0',
    links: [
      { href: 'https://docs.openstack.org/', rel: 'describedby', type: 'text/html' },
      { href: `${ctx.emu.config.baseUrl}/volume/v3/`, rel: 'self' },
    ],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.volume+json;version=3' }],
    min_version: '3.0',
    status: 'CURRENT',
    updated: '2022-08-31T00:00:00Z',
    version: '3.70',
  };
}

/** GET /volume/ → 300 with the one v3 version, like cinder-api's root. */
export function cinderVersions(ctx: Ctx): void {
  sendJson(ctx, 300, { versions: [v3(ctx)] });
}

export function cinderV3(ctx: Ctx): void {
  sendJson(ctx, 200, { versions: [v3(ctx)] });
}
