import { isAdminToken } from '../keystone/tokens.js';
import { atLeast } from '../microversion.js';
import { isoMicro, isoSeconds } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Volume } from '../state/volumes.js';

export function isAdmin(ctx: Ctx): boolean {
  return !!ctx.token && isAdminToken(ctx.emu, ctx.token);
}

export function volumeLinks(ctx: Ctx, id: string, collection = 'volumes') {
  const base = ctx.emu.config.baseUrl;
  const project = ctx.token?.projectId ?? '';
  return [
    { href: `${base}/volume/v3/${project}/${collection}/${id}`, rel: 'self' },
    { href: `${base}/volume/${project}/${collection}/${id}`, rel: 'bookmark' },
  ];
}

function attachmentsView(vol: Volume) {
  return vol.attachments
    .filter((a) => a.attachStatus === 'attached')
    .map((a) => ({
      attached_at: a.attachedAt ? isoSeconds(a.attachedAt) : null,
      attachment_id: a.attachmentId,
      device: a.device,
      host_name: a.hostName,
      id: vol.id,
      server_id: a.serverId,
      volume_id: vol.id,
    }));
}

/**
 * A volume as Cinder's v3 view builder shows it. `create` is the POST response (no extension attributes, time with
 * microseconds); `detail` adds the os-vol-* attributes and `volume_image_metadata`. Fields follow the microversion
 * and the caller's role exactly as Cinder gates them.
 */
export function volumeView(ctx: Ctx, vol: Volume, kind: 'create' | 'detail'): Record<string, unknown> {
  const admin = isAdmin(ctx);
  const type = ctx.emu.state.volumeTypes.get(vol.typeId);
  const v: Record<string, unknown> = {
    attachments: attachmentsView(vol),
    availability_zone: vol.availabilityZone,
    bootable: vol.bootable ? 'true' : 'false',
    consistencygroup_id: null,
    created_at: kind === 'create' ? isoMicro(vol.createdAt) : isoSeconds(vol.createdAt),
    description: vol.description,
    encrypted: false,
    id: vol.id,
    links: volumeLinks(ctx, vol.id),
    metadata: { ...vol.metadata },
    multiattach: vol.multiattach,
    name: vol.name,
    replication_status: null,
    size: vol.size,
    snapshot_id: vol.snapshotId,
    source_volid: vol.sourceVolid,
    status: vol.status,
    updated_at: vol.updatedAt ? isoSeconds(vol.updatedAt) : null,
    user_id: vol.userId,
    volume_type: type?.name ?? null,
  };
  if (admin) v['migration_status'] = null;
  if (atLeast(ctx, 3, 13)) v['group_id'] = null;
  if (admin && atLeast(ctx, 3, 21)) v['provider_id'] = null;
  if (atLeast(ctx, 3, 48)) {
    v['service_uuid'] = vol.serviceUuid;
    v['shared_targets'] = vol.host === null;
  }
  if (admin && atLeast(ctx, 3, 61)) v['cluster_name'] = null;
  if (atLeast(ctx, 3, 63)) v['volume_type_id'] = vol.typeId;
  if (atLeast(ctx, 3, 65)) v['consumes_quota'] = true;
  if (kind === 'detail') {
    if (admin) {
      v['os-vol-host-attr:host'] = vol.host;
      v['os-vol-mig-status-attr:migstat'] = null;
      v['os-vol-mig-status-attr:name_id'] = null;
    }
    v['os-vol-tenant-attr:tenant_id'] = vol.projectId;
    if (vol.imageMetadata) v['volume_image_metadata'] = { ...vol.imageMetadata };
  }
  return v;
}

export function volumeSummary(ctx: Ctx, vol: Volume): Record<string, unknown> {
  return { id: vol.id, links: volumeLinks(ctx, vol.id), name: vol.name };
}
