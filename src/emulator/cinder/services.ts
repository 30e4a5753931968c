import { atLeast } from '../microversion.js';
import { httpError, isoSeconds, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';
import { isAdmin } from './view.js';

/** GET /os-services (admin): the scheduler and the Lightbits backend's volume service, shaped per microversion. */
export function listCinderServices(ctx: Ctx): void {
  if (!isAdmin(ctx)) throw httpError(403, "Policy doesn't allow volume_extension:services:index to be performed.");
  const binary = ctx.query.get('binary');
  const host = ctx.query.get('host');
  const rows = ctx.emu.state.services.filter(
    (s) => s.service === 'cinder' && (binary === null || s.binary === binary) && (host === null || s.host === host),
  );
  const services = rows.map((s) => {
    const v: Record<string, unknown> = {
      binary: s.binary,
      disabled_reason: s.disabledReason,
      host: s.host,
      state: s.state,
      status: s.status,
      updated_at: isoSeconds(s.updatedAt),
      zone: s.zone,
    };
    if (atLeast(ctx, 3, 7)) v['cluster'] = null;
    if (s.binary === 'cinder-volume') {
      v['active_backend_id'] = null;
      v['frozen'] = false;
      v['replication_status'] = 'disabled';
      if (atLeast(ctx, 3, 49)) v['backend_state'] = s.state === 'up' ? 'up' : 'down';
    }
    return v;
  });
  sendJson(ctx, 200, { services });
}
