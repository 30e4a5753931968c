import { isAdminToken } from '../keystone/tokens.js';
import { atLeast } from '../microversion.js';
import { httpError, isoSeconds, sendJson } from '../respond.js';
import type { Ctx } from '../router.js';

/** GET /os-services (admin): scheduler, conductor and compute, shaped per microversion. */
export function listNovaServices(ctx: Ctx): void {
  if (!ctx.token || !isAdminToken(ctx.emu, ctx.token)) {
    throw httpError(403, "Policy doesn't allow os_compute_api:os-services:list to be performed.");
  }
  const binary = ctx.query.get('binary');
  const host = ctx.query.get('host');
  const services = ctx.emu.state.services
    .filter(
      (s) => s.service === 'nova' && (binary === null || s.binary === binary) && (host === null || s.host === host),
    )
    .map((s) => {
      const v: Record<string, unknown> = {
        binary: s.binary,
        disabled_reason: s.disabledReason,
        host: s.host,
        id: atLeast(ctx, 2, 53) ? s.uuid : s.id,
        state: s.state,
        status: s.status,
        updated_at: isoSeconds(s.updatedAt),
        zone: s.zone,
      };
      if (atLeast(ctx, 2, 11)) v['forced_down'] = false;
      return v;
    });
  sendJson(ctx, 200, { services });
}
