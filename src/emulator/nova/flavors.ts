import { atLeast } from '../microversion.js';
import { httpError, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Flavor } from '../state/compute.js';

export function novaLinks(ctx: Ctx, collection: string, id: string) {
  const base = ctx.emu.config.baseUrl;
  return [
    { href: `${base}/compute/v2.1/${collection}/${id}`, rel: 'self' },
    { href: `${base}/compute/${collection}/${id}`, rel: 'bookmark' },
  ];
}

function flavorDetail(ctx: Ctx, f: Flavor): Record<string, unknown> {
  const v: Record<string, unknown> = {
    'OS-FLV-DISABLED:disabled': f.disabled,
    'OS-FLV-EXT-DATA:ephemeral': f.ephemeral,
    disk: f.disk,
    id: f.id,
    links: novaLinks(ctx, 'flavors', f.id),
    name: f.name,
    'os-flavor-access:is_public': f.isPublic,
    ram: f.ram,
    rxtx_factor: f.rxtxFactor,
    // Nova sends swap 0 as "" below microversion 2.75, and as the number 0 from 2.75 on.
    swap: f.swap === 0 && !atLeast(ctx, 2, 75) ? '' : f.swap,
    vcpus: f.vcpus,
  };
  if (atLeast(ctx, 2, 55)) v['description'] = f.description;
  if (atLeast(ctx, 2, 61)) v['extra_specs'] = { ...f.extraSpecs };
  return v;
}

/** A flavor by id, or by the trailing id of a flavor URL (`flavorRef` may be an href). */
export function findFlavor(ctx: Ctx, ref: string): Flavor | undefined {
  const id = ref.includes('/') ? (ref.split('/').pop() ?? ref) : ref;
  return ctx.emu.state.flavors.get(id);
}

function sorted(ctx: Ctx): Flavor[] {
  const minDisk = Number(ctx.query.get('minDisk') ?? 0);
  const minRam = Number(ctx.query.get('minRam') ?? 0);
  return [...ctx.emu.state.flavors.values()].filter((f) => f.disk >= minDisk && f.ram >= minRam);
}

export function listFlavors(ctx: Ctx): void {
  const flavors = sorted(ctx).map((f) => {
    const v: Record<string, unknown> = { id: f.id, links: novaLinks(ctx, 'flavors', f.id), name: f.name };
    if (atLeast(ctx, 2, 55)) v['description'] = f.description;
    return v;
  });
  sendJson(ctx, 200, { flavors });
}

export function listFlavorsDetail(ctx: Ctx): void {
  sendJson(ctx, 200, { flavors: sorted(ctx).map((f) => flavorDetail(ctx, f)) });
}

export function showFlavor(ctx: Ctx): void {
  const id = ctx.params['id'] ?? '';
  const f = ctx.emu.state.flavors.get(id);
  if (!f) throw httpError(404, `Flavor ${id} could not be found.`);
  sendJson(ctx, 200, { flavor: flavorDetail(ctx, f) });
}

export function flavorExtraSpecs(ctx: Ctx): void {
  const id = ctx.params['id'] ?? '';
  const f = ctx.emu.state.flavors.get(id);
  if (!f) throw httpError(404, `Flavor ${id} could not be found.`);
  sendJson(ctx, 200, { extra_specs: { ...f.extraSpecs } });
}
