import { compareBy, nextQuery, pageAfter, parseLimit, parseSort } from '../paging.js';
import { httpError, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Volume } from '../state/volumes.js';
import { findVolume } from './lookup.js';
import { isAdmin, volumeSummary, volumeView } from './view.js';

const MAX_LIMIT = 1000;

/** Cinder parses `metadata=` with ast.literal_eval: accept JSON and Python-dict quoting. */
function parseMetadataFilter(raw: string): Record<string, string> {
  for (const text of [raw, raw.replace(/'/g, '"')]) {
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
      }
    } catch {}
  }
  throw httpError(400, `Invalid input received: metadata filter ${raw} is not a dictionary.`);
}

function visible(ctx: Ctx): Volume[] {
  const q = ctx.query;
  const admin = isAdmin(ctx);
  const allTenants = admin && ['1', 'true', 'True'].includes(q.get('all_tenants') ?? '');
  const project = allTenants ? q.get('project_id') : ctx.token?.projectId;
  const metadata = q.has('metadata') ? parseMetadataFilter(q.get('metadata') ?? '') : null;
  const name = q.get('name');
  const status = q.get('status');
  const bootable = q.get('bootable');
  return [...ctx.emu.state.volumes.values()].filter((v) => {
    if (project && v.projectId !== project) return false;
    if (name !== null && v.name !== name) return false;
    if (status !== null && v.status !== status) return false;
    if (bootable !== null && String(v.bootable) !== bootable.toLowerCase()) return false;
    if (metadata) for (const [k, val] of Object.entries(metadata)) if (v.metadata[k] !== val) return false;
    return true;
  });
}

function sortField(v: Volume, key: string): unknown {
  switch (key) {
    case 'created_at':
      return v.createdAt;
    case 'updated_at':
      return v.updatedAt;
    case 'name':
    case 'display_name':
      return v.name;
    case 'size':
      return v.size;
    case 'status':
      return v.status;
    default:
      return v.id;
  }
}

function list(ctx: Ctx, detail: boolean): void {
  const all = visible(ctx);
  all.sort(
    compareBy(
      parseSort(ctx.query, [
        { key: 'created_at', dir: 'desc' },
        { key: 'id', dir: 'desc' },
      ]),
      sortField,
    ),
  );
  const limit = parseLimit(ctx.query, MAX_LIMIT);
  const page = pageAfter(all, ctx.query.get('marker'), limit, (m) => `Marker ${m} could not be found.`);
  for (const v of page) ctx.emu.clock.observe(v);
  const body: Record<string, unknown> = {
    volumes: page.map((v) => (detail ? volumeView(ctx, v, 'detail') : volumeSummary(ctx, v))),
  };
  const last = page[page.length - 1];
  if (last && page.length === limit) {
    const base = `${ctx.emu.config.baseUrl}/volume/v3/${ctx.token?.projectId}/volumes${detail ? '/detail' : ''}`;
    body['volumes_links'] = [{ href: `${base}?${nextQuery(ctx.query, last.id)}`, rel: 'next' }];
  }
  if (ctx.query.get('with_count') === 'true' && ctx.version[1] >= 45) body['count'] = all.length;
  sendJson(ctx, 200, body);
}

export const listVolumes = (ctx: Ctx) => list(ctx, false);
export const listVolumesDetail = (ctx: Ctx) => list(ctx, true);

export function showVolume(ctx: Ctx): void {
  const vol = findVolume(ctx, ctx.params['id'] ?? '');
  ctx.emu.clock.observe(vol);
  sendJson(ctx, 200, { volume: volumeView(ctx, vol, 'detail') });
}
