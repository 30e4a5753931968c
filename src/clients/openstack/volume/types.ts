import { z } from 'zod';
import { LinksSchema } from '../paginate.js';
import { stringMap, truthy, orUndefined as u, withRaw } from '../parse.js';

// Cinder v3 wire shapes (microversion 3.60) and their renaming, as openstacksdk does.

const AttachmentWire = z.looseObject({
  id: z.string().optional(),
  attachment_id: z.string().optional(),
  server_id: z.string().nullish(),
  volume_id: z.string().optional(),
  device: z.string().nullish(),
  host_name: z.string().nullish(),
  attached_at: z.string().nullish(),
});

const VolumeWire = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  status: z.string(),
  size: z.number(),
  volume_type: z.string().nullish(),
  volume_type_id: z.string().nullish(),
  bootable: z.union([z.string(), z.boolean()]).optional(),
  encrypted: z.boolean().optional(),
  multiattach: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  volume_image_metadata: z.record(z.string(), z.unknown()).nullish(),
  attachments: z.array(AttachmentWire).optional(),
  'os-vol-host-attr:host': z.string().nullish(),
  'os-vol-tenant-attr:tenant_id': z.string().nullish(),
  user_id: z.string().nullish(),
  availability_zone: z.string().nullish(),
  description: z.string().nullish(),
  source_volid: z.string().nullish(),
  snapshot_id: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});

export const VolumeSchema = VolumeWire.transform((w) => {
  const metadata = stringMap(w.metadata);
  const volume = {
    id: w.id,
    name: w.name ?? '',
    status: w.status,
    size: w.size,
    volumeType: u(w.volume_type),
    volumeTypeId: u(w.volume_type_id),
    /** Cinder sends "true"/"false". */
    bootable: truthy(w.bootable),
    /** Set by os-update_readonly_flag; shows as metadata.readonly "True". */
    readonly: truthy(metadata['readonly']),
    encrypted: w.encrypted ?? false,
    multiattach: w.multiattach ?? false,
    /** Backend host, e.g. host@lightbits#pool (admin only). */
    host: u(w['os-vol-host-attr:host']),
    tenantId: u(w['os-vol-tenant-attr:tenant_id']),
    userId: u(w.user_id),
    availabilityZone: u(w.availability_zone),
    description: u(w.description),
    metadata,
    /** Image properties copied at creation from an image; all values are strings ("min_disk": "0"). */
    imageMetadata: w.volume_image_metadata ? stringMap(w.volume_image_metadata) : undefined,
    attachments: (w.attachments ?? []).map((a) => ({
      attachmentId: a.attachment_id,
      serverId: u(a.server_id),
      volumeId: a.volume_id ?? a.id,
      device: u(a.device),
      hostName: u(a.host_name),
      attachedAt: u(a.attached_at),
    })),
    sourceVolumeId: u(w.source_volid),
    snapshotId: u(w.snapshot_id),
    createdAt: u(w.created_at),
    updatedAt: u(w.updated_at),
  };
  return withRaw(volume, w);
});
export type Volume = z.output<typeof VolumeSchema>;

export const VolumeListSchema = z.looseObject({ volumes: z.array(z.unknown()), volumes_links: LinksSchema });
export const VolumeBodySchema = z.looseObject({ volume: z.unknown() });

export const VolumeTypeSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    is_public: z.boolean().optional(),
    extra_specs: z.record(z.string(), z.unknown()).nullish(),
    qos_specs_id: z.string().nullish(),
  })
  .transform((t) => ({
    id: t.id,
    name: t.name,
    description: u(t.description),
    isPublic: t.is_public ?? true,
    /** Only shown to admins, e.g. volume_backend_name, lightos:project_name, lightos:num_replicas. */
    extraSpecs: t.extra_specs ? stringMap(t.extra_specs) : undefined,
    qosSpecsId: u(t.qos_specs_id),
  }));
export type VolumeType = z.output<typeof VolumeTypeSchema>;

export const VolumeTypeListSchema = z.looseObject({ volume_types: z.array(VolumeTypeSchema) });
export const ExtraSpecsSchema = z
  .looseObject({ extra_specs: z.record(z.string(), z.unknown()) })
  .transform((d) => stringMap(d.extra_specs));

export const VolumeServiceSchema = z
  .looseObject({
    binary: z.string(),
    host: z.string(),
    zone: z.string().nullish(),
    status: z.string(),
    state: z.string(),
    updated_at: z.string().nullish(),
    disabled_reason: z.string().nullish(),
    frozen: z.boolean().optional(),
    replication_status: z.string().nullish(),
    active_backend_id: z.string().nullish(),
    cluster: z.string().nullish(),
    backend_state: z.string().nullish(),
  })
  .transform((s) => ({
    binary: s.binary,
    host: s.host,
    zone: u(s.zone),
    status: s.status,
    state: s.state,
    updatedAt: u(s.updated_at),
    disabledReason: u(s.disabled_reason),
    frozen: s.frozen,
    replicationStatus: u(s.replication_status),
    activeBackendId: u(s.active_backend_id),
    cluster: u(s.cluster),
    backendState: u(s.backend_state),
  }));
export type VolumeService = z.output<typeof VolumeServiceSchema>;
export const VolumeServiceListSchema = z.looseObject({ services: z.array(VolumeServiceSchema) });
