import { httpError } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Snapshot, Volume, VolumeType } from '../state/volumes.js';
import { isAdmin } from './view.js';

/** A volume the caller may see (admins see every project's), else Cinder's 404. */
export function findVolume(ctx: Ctx, id: string): Volume {
  const vol = ctx.emu.state.volumes.get(id);
  if (!vol || (vol.projectId !== ctx.token?.projectId && !isAdmin(ctx))) {
    throw httpError(404, `Volume ${id} could not be found.`);
  }
  return vol;
}

export function findSnapshot(ctx: Ctx, id: string): Snapshot {
  const snap = ctx.emu.state.snapshots.get(id);
  if (!snap || (snap.projectId !== ctx.token?.projectId && !isAdmin(ctx))) {
    throw httpError(404, `Snapshot ${id} could not be found.`);
  }
  return snap;
}

/** A volume type by id or name; the default type when none is given. */
export function findType(ctx: Ctx, idOrName: string | null): VolumeType {
  const types = ctx.emu.state.volumeTypes;
  if (idOrName === null) {
    const def = types.get(ctx.emu.state.defaultVolumeTypeId);
    if (!def) throw httpError(500, 'No default volume type is configured.');
    return def;
  }
  const byId = types.get(idOrName);
  if (byId) return byId;
  for (const t of types.values()) if (t.name === idOrName) return t;
  throw httpError(404, `Volume type with name ${idOrName} could not be found.`);
}
