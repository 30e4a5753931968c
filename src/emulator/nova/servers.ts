import { startDelete } from '../cinder/volume-ops.js';
import { adminPass } from '../ids.js';
import { isAdminToken } from '../keystone/tokens.js';
import { atLeast } from '../microversion.js';
import { releasePorts } from '../neutron/ports.js';
import { compareBy, nextQuery, pageAfter, parseLimit, parseSort } from '../paging.js';
import { httpError, readJson, sendEmpty, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Server } from '../state/compute.js';
import { newServerRecord, runBoot } from './boot.js';
import { parseBootRequest } from './boot-request.js';
import { novaLinks } from './flavors.js';
import { serverBrief, serverView } from './server-view.js';
import { detachFrom, reserveVolume } from './volume-attach.js';

const DELETE_MS = 1000;

function isAdmin(ctx: Ctx): boolean {
  return !!ctx.token && isAdminToken(ctx.emu, ctx.token);
}

export function findServer(ctx: Ctx): Server {
  const id = ctx.params['id'] ?? '';
  const server = ctx.emu.state.servers.get(id);
  if (!server || (server.projectId !== ctx.token?.projectId && !isAdmin(ctx))) {
    throw httpError(404, `Instance ${id} could not be found.`);
  }
  return server;
}

/** POST /servers → 202 with adminPass and links; the build runs in the background (BUILD → ACTIVE or ERROR). */
export async function createServer(ctx: Ctx): Promise<void> {
  const req = parseBootRequest(ctx, await readJson(ctx));
  const token = ctx.token;
  if (!token?.projectId) throw httpError(401, 'The request you have made requires authentication.');
  const server = newServerRecord(ctx.emu, req, token.projectId, token.userId);
  ctx.emu.clock.watch(server);
  for (const bdm of req.bdms) if (bdm.source === 'volume') reserveVolume(bdm.volume, server.id);
  sendJson(
    ctx,
    202,
    {
      server: {
        'OS-DCF:diskConfig': 'MANUAL',
        adminPass: adminPass(),
        id: server.id,
        links: novaLinks(ctx, 'servers', server.id),
        security_groups: [{ name: 'default' }],
      },
    },
    { Location: `${ctx.emu.config.baseUrl}/compute/v2.1/servers/${server.id}` },
  );
  ctx.emu.background(`boot server ${server.id}`, () => runBoot(ctx.emu, server, req));
}

function visibleServers(ctx: Ctx): Server[] {
  const q = ctx.query;
  const all = isAdmin(ctx) && ['1', 'true', 'True'].includes(q.get('all_tenants') ?? '');
  const project = all ? (q.get('project_id') ?? q.get('tenant_id')) : ctx.token?.projectId;
  const name = q.get('name');
  const status = q.get('status')?.toUpperCase();
  let nameRe: RegExp | undefined;
  try {
    nameRe = name ? new RegExp(name) : undefined;
  } catch {
    throw httpError(400, `Invalid filter name=${name}: not a regular expression.`);
  }
  return [...ctx.emu.state.servers.values()].filter(
    (s) =>
      (!project || s.projectId === project) && (!nameRe || nameRe.test(s.name)) && (!status || s.status === status),
  );
}

function list(ctx: Ctx, detail: boolean): void {
  const items = visibleServers(ctx);
  const sort = parseSort(ctx.query, [
    { key: 'created_at', dir: 'desc' },
    { key: 'id', dir: 'desc' },
  ]);
  items.sort(
    compareBy(sort, (s: Server, key) => (key === 'created_at' ? s.createdAt : key === 'display_name' ? s.name : s.id)),
  );
  const limit = parseLimit(ctx.query, 1000);
  const page = pageAfter(items, ctx.query.get('marker'), limit, (m) => `marker [${m}] not found`);
  for (const s of page) ctx.emu.clock.observe(s);
  const body: Record<string, unknown> = {
    servers: page.map((s) => (detail ? serverView(ctx, s) : serverBrief(ctx, s))),
  };
  const last = page[page.length - 1];
  if (last && page.length === limit) {
    const path = detail ? 'servers/detail' : 'servers';
    body['servers_links'] = [
      { href: `${ctx.emu.config.baseUrl}/compute/v2.1/${path}?${nextQuery(ctx.query, last.id)}`, rel: 'next' },
    ];
  }
  sendJson(ctx, 200, body);
}

export const listServers = (ctx: Ctx) => list(ctx, false);
export const listServersDetail = (ctx: Ctx) => list(ctx, true);

export function showServer(ctx: Ctx): void {
  const server = findServer(ctx);
  ctx.emu.clock.observe(server);
  sendJson(ctx, 200, { server: serverView(ctx, server, true) });
}

/** DELETE /servers/{id} → 204; then volumes detached (deleted when delete_on_termination) and ports released. */
export function deleteServer(ctx: Ctx): void {
  const server = findServer(ctx);
  if (server.locked && !isAdmin(ctx)) throw httpError(409, `Instance ${server.id} is locked`);
  server.taskState = 'deleting';
  server.updatedAt = new Date();
  sendEmpty(ctx, 204);
  const emu = ctx.emu;
  emu.background(`delete server ${server.id}`, async () => {
    await emu.clock.sleep(DELETE_MS);
    for (const v of server.volumes) {
      const vol = emu.state.volumes.get(v.id);
      if (!vol) continue;
      detachFrom(vol, server.id);
      if (v.deleteOnTermination) startDelete(emu, vol);
    }
    for (const vol of emu.state.volumes.values()) detachFrom(vol, server.id);
    releasePorts(emu, server.id);
    emu.state.servers.delete(server.id);
  });
}

export function listVolumeAttachments(ctx: Ctx): void {
  const server = findServer(ctx);
  const volumeAttachments = server.volumes.map((v) => {
    const a: Record<string, unknown> = { device: v.device, id: v.id, serverId: server.id, volumeId: v.id };
    if (atLeast(ctx, 2, 70)) a['tag'] = null;
    if (atLeast(ctx, 2, 79)) a['delete_on_termination'] = v.deleteOnTermination;
    return a;
  });
  sendJson(ctx, 200, { volumeAttachments });
}
