import { sendJson } from '../respond.js';
import type { Ctx } from '../router.js';

function v21(ctx: Ctx) {
  return {
    id: 'v2.1',
    links: [{ href: `${ctx.emu.config.baseUrl}/compute/v2.1/`, rel: 'self' }],
    min_version: '2.1',
    status: 'CURRENT',
    updated: '2013-07-23T11:33:21Z',
    version: '2.93',
  };
}

/** GET /compute/ → 200 (Nova's root answers 200, unlike Keystone, Glance and Cinder). */
export function novaVersions(ctx: Ctx): void {
  sendJson(ctx, 200, {
    versions: [
      {
        id: 'v2.0',
        links: [{ href: `${ctx.emu.config.baseUrl}/compute/v2/`, rel: 'self' }],
        min_version: '',
        status: 'SUPPORTED',
        updated: '2011-01-21T11:33:21Z',
        version: '',
      },
      v21(ctx),
    ],
  });
}

export function novaV21(ctx: Ctx): void {
  const v = v21(ctx);
  sendJson(ctx, 200, {
    version: {
      ...v,
      links: [...v.links, { href: 'http://docs.openstack.org/', rel: 'describedby', type: 'text/html' }],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    },
  });
}
