import { httpError, isRecord, readJson, sendEmpty, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Volume } from '../state/volumes.js';
import { hasSnapshots } from './checks.js';
import { driverExtendVolume } from './driver.js';
import { findVolume } from './lookup.js';
import { optionalString, parseSize, schemaError, stringMap } from './validate.js';
import { isAdmin, volumeView } from './view.js';
import { startDelete, touch } from './volume-ops.js';

const DELETABLE = ['available', 'error', 'error_restoring', 'error_extending', 'error_managing'];

/** DELETE /volumes/{id} → 202; attached, busy or snapshotted volumes → 400 with Cinder's own message. */
export function deleteVolume(ctx: Ctx): void {
  const vol = findVolume(ctx, ctx.params['id'] ?? '');
  const attached = vol.attachments.length > 0;
  if (!DELETABLE.includes(vol.status) || attached || hasSnapshots(ctx.emu, vol.id)) {
    throw httpError(
      400,
      'Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.',
    );
  }
  startDelete(ctx.emu, vol);
  sendEmpty(ctx, 202);
}

/** PUT /volumes/{id}: name, description, metadata. */
export async function updateVolume(ctx: Ctx): Promise<void> {
  const vol = findVolume(ctx, ctx.params['id'] ?? '');
  const body = await readJson(ctx);
  if (!isRecord(body) || !isRecord(body['volume']))
    throw schemaError('volume', body ?? null, "'volume' is a required property");
  const v = body['volume'];
  if ('name' in v) vol.name = optionalString(v, 'name');
  if ('description' in v) vol.description = optionalString(v, 'description');
  if ('metadata' in v) vol.metadata = stringMap(v, 'metadata');
  touch(vol);
  sendJson(ctx, 200, { volume: volumeView(ctx, vol, 'detail') });
}

function boolArg(v: unknown, field: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false|yes|no|1|0|on|off)$/i.test(v)) return /^(true|yes|1|on)$/i.test(v);
  throw schemaError(field, v ?? null, `${JSON.stringify(v ?? null)} is not of type 'boolean'`);
}

function extend(ctx: Ctx, vol: Volume, arg: unknown): void {
  const newSize = parseSize(isRecord(arg) ? arg['new_size'] : undefined, 'new_size');
  if (newSize === null) throw schemaError('new_size', null, "'new_size' is a required property");
  const inUseOk = ctx.version[1] >= 42;
  if (vol.status !== 'available' && !(inUseOk && vol.status === 'in-use')) {
    throw httpError(400, `Invalid volume: Volume should be in available${inUseOk ? ' or in-use' : ''} state.`);
  }
  if (newSize <= vol.size) {
    throw httpError(
      400,
      `Invalid input received: New size for extend must be greater than current size. (current: ${vol.size}, extended: ${newSize}).`,
    );
  }
  const back = vol.status;
  vol.status = 'extending';
  touch(vol);
  ctx.emu.background(`extend volume ${vol.id}`, async () => {
    try {
      await ctx.emu.clock.hold(vol, 800);
      await driverExtendVolume(ctx.emu, vol, newSize);
      vol.size = newSize;
      vol.status = back;
    } catch (err) {
      vol.status = 'error_extending';
      throw err;
    } finally {
      touch(vol);
    }
  });
}

/** POST /volumes/{id}/action: os-update_readonly_flag, os-extend, os-set_bootable, os-reset_status (admin). */
export async function volumeAction(ctx: Ctx): Promise<void> {
  const vol = findVolume(ctx, ctx.params['id'] ?? '');
  const body = await readJson(ctx);
  if (!isRecord(body) || Object.keys(body).length !== 1) {
    throw httpError(400, 'There is either no action or more than one action in the request body.');
  }
  const [action, arg] = Object.entries(body)[0] as [string, unknown];
  switch (action) {
    case 'os-update_readonly_flag': {
      const ro = boolArg(isRecord(arg) ? arg['readonly'] : undefined, 'readonly');
      vol.metadata['readonly'] = ro ? 'True' : 'False';
      touch(vol);
      return sendEmpty(ctx, 202);
    }
    case 'os-set_bootable': {
      vol.bootable = boolArg(isRecord(arg) ? arg['bootable'] : undefined, 'bootable');
      touch(vol);
      return sendEmpty(ctx, 200);
    }
    case 'os-extend':
      extend(ctx, vol, arg);
      return sendEmpty(ctx, 202);
    case 'os-reset_status': {
      if (!isAdmin(ctx))
        throw httpError(
          403,
          "Policy doesn't allow volume_extension:volume_admin_actions:reset_status to be performed.",
        );
      const status = isRecord(arg) ? arg['status'] : undefined;
      if (typeof status === 'string') vol.status = status;
      touch(vol);
      return sendEmpty(ctx, 202);
    }
    default:
      throw httpError(400, `There is no such action: ${action}`);
  }
}
