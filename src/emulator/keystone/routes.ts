import { keystoneError } from '../errors.js';
import { httpError, readJson, sendEmpty, sendJson } from '../respond.js';
import { type Ctx, Router } from '../router.js';
import { header } from '../server.js';
import type { ServiceDef } from '../service.js';
import { authenticate } from './authenticate.js';
import { catalogFor } from './catalog.js';
import { isAdminToken, liveToken, tokenBody } from './tokens.js';
import { versionRoot, versionV3 } from './versions.js';

async function createToken(ctx: Ctx): Promise<void> {
  const token = authenticate(ctx.emu, await readJson(ctx));
  const withCatalog = !ctx.query.has('nocatalog');
  sendJson(ctx, 201, tokenBody(ctx.emu, token, withCatalog), { 'X-Subject-Token': token.id });
}

function subject(ctx: Ctx) {
  const token = liveToken(ctx.emu, header(ctx.req, 'x-subject-token'));
  if (!token) throw httpError(404, 'Failed to validate token');
  return token;
}

function validateToken(ctx: Ctx): void {
  const token = subject(ctx);
  sendJson(ctx, 200, tokenBody(ctx.emu, token, !ctx.query.has('nocatalog')), { 'X-Subject-Token': token.id });
}

function revokeToken(ctx: Ctx): void {
  subject(ctx).revoked = true;
  sendEmpty(ctx, 204);
}

function projectView(ctx: Ctx, projectId: string) {
  const p = ctx.emu.state.identity.projects.get(projectId);
  if (!p) return undefined;
  return {
    description: p.description,
    domain_id: p.domainId,
    enabled: true,
    id: p.id,
    is_domain: false,
    links: { self: `${ctx.emu.config.baseUrl}/identity/v3/projects/${p.id}` },
    name: p.name,
    options: {},
    parent_id: p.domainId,
    tags: [],
  };
}

function listLinks(ctx: Ctx, path: string) {
  return { next: null, previous: null, self: `${ctx.emu.config.baseUrl}/identity/v3/${path}` };
}

function authProjects(ctx: Ctx): void {
  const userId = ctx.token?.userId ?? '';
  const ids = [...ctx.emu.state.identity.assignments.keys()]
    .filter((k) => k.startsWith(`${userId}:`))
    .map((k) => k.slice(userId.length + 1));
  sendJson(ctx, 200, { links: listLinks(ctx, 'auth/projects'), projects: ids.map((id) => projectView(ctx, id)) });
}

function listProjects(ctx: Ctx): void {
  if (!ctx.token || !isAdminToken(ctx.emu, ctx.token)) {
    throw httpError(403, 'You are not authorized to perform the requested action: identity:list_projects.');
  }
  const name = ctx.query.get('name');
  const projects = [...ctx.emu.state.identity.projects.values()].filter((p) => name === null || p.name === name);
  sendJson(ctx, 200, { links: listLinks(ctx, 'projects'), projects: projects.map((p) => projectView(ctx, p.id)) });
}

function showProject(ctx: Ctx): void {
  const id = ctx.params['id'] ?? '';
  const allowed = ctx.token && (isAdminToken(ctx.emu, ctx.token) || ctx.token.projectId === id);
  const view = projectView(ctx, id);
  if (!view) throw httpError(404, `Could not find project: ${id}.`);
  if (!allowed) throw httpError(403, 'You are not authorized to perform the requested action: identity:get_project.');
  sendJson(ctx, 200, { project: view });
}

function authCatalog(ctx: Ctx): void {
  sendJson(ctx, 200, {
    catalog: catalogFor(ctx.emu, ctx.token?.projectId ?? ''),
    links: listLinks(ctx, 'auth/catalog'),
  });
}

const router = new Router()
  .on('GET', '/', versionRoot)
  .on('GET', '/v3', versionV3)
  .on('POST', '/v3/auth/tokens', createToken)
  .on('GET', '/v3/auth/tokens', validateToken)
  .on('DELETE', '/v3/auth/tokens', revokeToken)
  .on('GET', '/v3/auth/projects', authProjects)
  .on('GET', '/v3/auth/catalog', authCatalog)
  .on('GET', '/v3/projects', listProjects)
  .on('GET', '/v3/projects/:id', showProject);

export const keystoneService: ServiceDef = {
  name: 'keystone',
  prefix: '/identity',
  router,
  isPublic: (method, path) =>
    path === '/' || path === '/v3' || path === '/v3/' || (method === 'POST' && path === '/v3/auth/tokens'),
  prepare(ctx) {
    ctx.headers['x-openstack-request-id'] = ctx.requestId;
  },
  renderError: keystoneError,
  unauthorized: (ctx) => keystoneError(ctx, httpError(401, 'The request you have made requires authentication.')),
};
