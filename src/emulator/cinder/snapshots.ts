import { uuid } from '../ids.js';
import { atLeast } from '../microversion.js';
import { httpError, isoMicro, isoSeconds, readJson, sendEmpty, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Snapshot } from '../state/volumes.js';
import { driverCreateSnapshot, driverDeleteSnapshot } from './driver.js';
import { findSnapshot, findVolume } from './lookup.js';
import { optionalString, requireObject, stringMap } from './validate.js';
import { isAdmin, volumeLinks } from './view.js';

function snapshotView(ctx: Ctx, s: Snapshot, detail: boolean, created = false): Record<string, unknown> {
  const v: Record<string, unknown> = {
    created_at: created ? isoMicro(s.createdAt) : isoSeconds(s.createdAt),
    description: s.description,
    id: s.id,
    metadata: { ...s.metadata },
    name: s.name,
    size: s.size,
    status: s.status,
    updated_at: s.updatedAt ? isoSeconds(s.updatedAt) : null,
    volume_id: s.volumeId,
  };
  if (atLeast(ctx, 3, 14)) v['group_snapshot_id'] = null;
  if (atLeast(ctx, 3, 41)) v['user_id'] = s.userId;
  if (atLeast(ctx, 3, 65)) v['consumes_quota'] = true;
  if (detail) {
    v['os-extended-snapshot-attributes:progress'] = s.status === 'available' ? '100%' : '0%';
    v['os-extended-snapshot-attributes:project_id'] = s.projectId;
  }
  return v;
}

export async function createSnapshot(ctx: Ctx): Promise<void> {
  const b = requireObject(await readJson(ctx), 'snapshot');
  const volumeId = optionalString(b, 'volume_id');
  if (!volumeId) throw httpError(400, "Invalid input for field/attribute snapshot. 'volume_id' is a required property");
  const vol = findVolume(ctx, volumeId);
  const force = b['force'] === true || b['force'] === 'true' || b['force'] === 'True';
  if (vol.status !== 'available' && !(force && vol.status === 'in-use')) {
    throw httpError(
      400,
      `Invalid volume: Volume ${vol.id} status must be available, but current status is: ${vol.status}.`,
    );
  }
  const snap: Snapshot = {
    id: uuid(),
    name: optionalString(b, 'name') ?? optionalString(b, 'display_name'),
    description: optionalString(b, 'description'),
    volumeId: vol.id,
    projectId: ctx.token?.projectId ?? vol.projectId,
    userId: ctx.token?.userId ?? vol.userId,
    size: vol.size,
    status: 'creating',
    metadata: stringMap(b, 'metadata'),
    createdAt: new Date(),
    updatedAt: null,
  };
  ctx.emu.state.snapshots.set(snap.id, snap);
  ctx.emu.clock.watch(snap);
  sendJson(ctx, 202, { snapshot: snapshotView(ctx, snap, false, true) });
  ctx.emu.background(`create snapshot ${snap.id}`, async () => {
    try {
      await ctx.emu.clock.hold(snap, 500);
      await driverCreateSnapshot(ctx.emu, vol, snap.id);
      snap.status = 'available';
    } catch (err) {
      snap.status = 'error';
      throw err;
    } finally {
      snap.updatedAt = new Date();
    }
  });
}

function listSnapshots(ctx: Ctx, detail: boolean): void {
  const all = isAdmin(ctx) && ctx.query.get('all_tenants') === '1';
  const volumeId = ctx.query.get('volume_id');
  const items = [...ctx.emu.state.snapshots.values()].filter(
    (s) => (all || s.projectId === ctx.token?.projectId) && (volumeId === null || s.volumeId === volumeId),
  );
  items.reverse();
  for (const s of items) ctx.emu.clock.observe(s);
  const view = (s: Snapshot) =>
    detail
      ? snapshotView(ctx, s, true)
      : { ...snapshotView(ctx, s, false), links: volumeLinks(ctx, s.id, 'snapshots') };
  sendJson(ctx, 200, { snapshots: items.map(view) });
}

export const listSnapshotsSummary = (ctx: Ctx) => listSnapshots(ctx, false);
export const listSnapshotsDetail = (ctx: Ctx) => listSnapshots(ctx, true);

export function showSnapshot(ctx: Ctx): void {
  const snap = findSnapshot(ctx, ctx.params['id'] ?? '');
  ctx.emu.clock.observe(snap);
  sendJson(ctx, 200, { snapshot: snapshotView(ctx, snap, true) });
}

export function deleteSnapshot(ctx: Ctx): void {
  const snap = findSnapshot(ctx, ctx.params['id'] ?? '');
  if (!['available', 'error', 'error_deleting'].includes(snap.status)) {
    throw httpError(
      400,
      'Invalid snapshot: Snapshot status must be available or error and must not be part of a group.',
    );
  }
  const vol = ctx.emu.state.volumes.get(snap.volumeId);
  snap.status = 'deleting';
  sendEmpty(ctx, 202);
  ctx.emu.background(`delete snapshot ${snap.id}`, async () => {
    await ctx.emu.clock.sleep(400);
    if (vol) await driverDeleteSnapshot(ctx.emu, vol, snap.id);
    ctx.emu.state.snapshots.delete(snap.id);
  });
}
