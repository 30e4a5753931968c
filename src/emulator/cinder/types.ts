import { httpError, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { VolumeType } from '../state/volumes.js';
import { isAdmin } from './view.js';

function typeView(ctx: Ctx, t: VolumeType): Record<string, unknown> {
  const v: Record<string, unknown> = {
    description: t.description,
    id: t.id,
    is_public: t.isPublic,
    name: t.name,
    'os-volume-type-access:is_public': t.isPublic,
  };
  if (isAdmin(ctx)) {
    v['extra_specs'] = { ...t.extraSpecs };
    v['qos_specs_id'] = null;
  }
  return v;
}

function findTypeById(ctx: Ctx): VolumeType {
  const id = ctx.params['id'] ?? '';
  const t = ctx.emu.state.volumeTypes.get(id);
  if (!t) throw httpError(404, `Volume type ${id} could not be found.`);
  return t;
}

export function listTypes(ctx: Ctx): void {
  sendJson(ctx, 200, { volume_types: [...ctx.emu.state.volumeTypes.values()].map((t) => typeView(ctx, t)) });
}

export function showType(ctx: Ctx): void {
  sendJson(ctx, 200, { volume_type: typeView(ctx, findTypeById(ctx)) });
}

export function showDefaultType(ctx: Ctx): void {
  const t = ctx.emu.state.volumeTypes.get(ctx.emu.state.defaultVolumeTypeId);
  if (!t) throw httpError(404, 'Default volume type can not be found.');
  sendJson(ctx, 200, { volume_type: typeView(ctx, t) });
}

export function typeExtraSpecs(ctx: Ctx): void {
  sendJson(ctx, 200, { extra_specs: { ...findTypeById(ctx).extraSpecs } });
}

export function typeExtraSpec(ctx: Ctx): void {
  const key = ctx.params['key'] ?? '';
  const value = findTypeById(ctx).extraSpecs[key];
  if (value === undefined) {
    throw httpError(404, `Volume Type ${ctx.params['id']} has no extra specs with key ${key}.`);
  }
  sendJson(ctx, 200, { [key]: value });
}

/** GET /types/{id}/encryption: `{}` for an unencrypted type (the only kind here), as Cinder answers. */
export function typeEncryption(ctx: Ctx): void {
  findTypeById(ctx);
  sendJson(ctx, 200, {});
}
