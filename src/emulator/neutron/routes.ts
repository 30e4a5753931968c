import { middleware401, neutronError } from '../errors.js';
import { seededUuid } from '../ids.js';
import { isAdminToken } from '../keystone/tokens.js';
import { httpError, isoZ, sendJson } from '../respond.js';
import { type Ctx, Router } from '../router.js';
import type { ServiceDef } from '../service.js';
import type { Network } from '../state/network.js';
import { networkView, portView, subnetView } from './views.js';

function admin(ctx: Ctx): boolean {
  return !!ctx.token && isAdminToken(ctx.emu, ctx.token);
}

function visibleNetwork(ctx: Ctx, n: Network): boolean {
  return admin(ctx) || n.shared || n.external || n.projectId === ctx.token?.projectId;
}

/** Neutron's equality filters: every query parameter must match the field's string form (repeatable = any of). */
function filtered<T extends Record<string, unknown>>(ctx: Ctx, items: T[]): T[] {
  const keys = [...new Set(ctx.query.keys())].filter(
    (k) => !['fields', 'limit', 'marker', 'sort_key', 'sort_dir'].includes(k),
  );
  return items.filter((item) => keys.every((k) => ctx.query.getAll(k).includes(String(item[k]))));
}

function sgId(projectId: string): string {
  return seededUuid(`default-security-group:${projectId}`);
}

const router = new Router()
  .on('GET', '/', (ctx) =>
    sendJson(ctx, 200, {
      versions: [
        { id: 'v2.0', links: [{ href: `${ctx.emu.config.baseUrl}/network/v2.0/`, rel: 'self' }], status: 'CURRENT' },
      ],
    }),
  )
  .on('GET', '/v2.0/networks', (ctx) => {
    const nets = [...ctx.emu.state.networks.values()].filter((n) => visibleNetwork(ctx, n));
    sendJson(ctx, 200, {
      networks: filtered(
        ctx,
        nets.map((n) => networkView(n, admin(ctx))),
      ),
    });
  })
  .on('GET', '/v2.0/networks/:id', (ctx) => {
    const n = ctx.emu.state.networks.get(ctx.params['id'] ?? '');
    if (!n || !visibleNetwork(ctx, n)) {
      throw httpError(404, `Network ${ctx.params['id']} could not be found.`, { neutronType: 'NetworkNotFound' });
    }
    sendJson(ctx, 200, { network: networkView(n, admin(ctx)) });
  })
  .on('GET', '/v2.0/subnets', (ctx) => {
    const subs = [...ctx.emu.state.subnets.values()].filter((s) => {
      const n = ctx.emu.state.networks.get(s.networkId);
      return n && visibleNetwork(ctx, n);
    });
    sendJson(ctx, 200, { subnets: filtered(ctx, subs.map(subnetView)) });
  })
  .on('GET', '/v2.0/subnets/:id', (ctx) => {
    const s = ctx.emu.state.subnets.get(ctx.params['id'] ?? '');
    if (!s) throw httpError(404, `Subnet ${ctx.params['id']} could not be found.`, { neutronType: 'SubnetNotFound' });
    sendJson(ctx, 200, { subnet: subnetView(s) });
  })
  .on('GET', '/v2.0/ports', (ctx) => {
    const ports = [...ctx.emu.state.ports.values()].filter((p) => admin(ctx) || p.projectId === ctx.token?.projectId);
    sendJson(ctx, 200, {
      ports: filtered(
        ctx,
        ports.map((p) => portView(p, sgId(p.projectId))),
      ),
    });
  })
  .on('GET', '/v2.0/security-groups', (ctx) => {
    const project = ctx.token?.projectId ?? '';
    const created = isoZ(new Date(0));
    const sg = {
      created_at: created,
      description: 'Default security group',
      id: sgId(project),
      name: 'default',
      project_id: project,
      revision_number: 1,
      security_group_rules: [],
      stateful: true,
      tags: [],
      tenant_id: project,
      updated_at: created,
    };
    sendJson(ctx, 200, { security_groups: filtered(ctx, [sg]) });
  });

export const neutronService: ServiceDef = {
  name: 'neutron',
  prefix: '/network',
  router,
  isPublic: (_method, path) => path === '/',
  prepare(ctx) {
    ctx.headers['X-Openstack-Request-Id'] = ctx.requestId;
  },
  renderError: neutronError,
  unauthorized: middleware401,
};
