import { z } from 'zod';
import { withRaw } from '../parse.js';

// Glance v2 wire shapes and their renaming. Newer fields are optional; unknown keys become `properties`.

export const IMAGE_STATUSES = [
  'queued',
  'saving',
  'uploading',
  'importing',
  'active',
  'killed',
  'deleted',
  'deactivated',
  'pending_delete',
] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

export const ImageLocationSchema = z
  .looseObject({ url: z.string(), metadata: z.looseObject({ store: z.string().optional() }).nullish() })
  .transform((l) => ({ url: l.url, store: l.metadata?.store }));
export type ImageLocation = z.output<typeof ImageLocationSchema>;

const ImageWire = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  status: z.string(),
  disk_format: z.string().nullish(),
  container_format: z.string().nullish(),
  size: z.number().nullish(),
  virtual_size: z.number().nullish(),
  checksum: z.string().nullish(),
  os_hash_algo: z.string().nullish(),
  os_hash_value: z.string().nullish(),
  owner: z.string().nullish(),
  visibility: z.string().optional(),
  min_disk: z.number().nullish(),
  min_ram: z.number().nullish(),
  protected: z.boolean().optional(),
  os_hidden: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  locations: z.array(ImageLocationSchema).optional(),
  direct_url: z.string().optional(),
  stores: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

/** Keys with a field of their own (or of no interest: links); every other key is a property. */
const KNOWN = new Set([...Object.keys(ImageWire.shape), 'file', 'self', 'schema']);

const u = <T>(v: T | null | undefined) => v ?? undefined;

export const ImageSchema = ImageWire.transform((w) => {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(w)) if (!KNOWN.has(k)) properties[k] = v;
  const image = {
    id: w.id,
    name: w.name ?? '',
    status: w.status as ImageStatus | (string & {}),
    diskFormat: u(w.disk_format),
    containerFormat: u(w.container_format),
    size: u(w.size),
    virtualSize: u(w.virtual_size),
    checksum: u(w.checksum),
    hashAlgo: u(w.os_hash_algo),
    hashValue: u(w.os_hash_value),
    owner: u(w.owner),
    visibility: w.visibility ?? 'shared',
    minDisk: w.min_disk ?? 0,
    minRam: w.min_ram ?? 0,
    protected: w.protected ?? false,
    hidden: w.os_hidden ?? false,
    tags: w.tags ?? [],
    /** Only shown when Glance has show_multiple_locations on. */
    locations: w.locations ?? [],
    /** Only shown when Glance has show_image_direct_url on, e.g. cinder://<store>/<volume id>. */
    directUrl: w.direct_url,
    /** Glance sends one comma-separated string ("cinder,file"). */
    stores: w.stores
      ? w.stores
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    createdAt: w.created_at,
    updatedAt: w.updated_at,
    properties,
  };
  return withRaw(image, w);
});
export type Image = z.output<typeof ImageSchema>;

export const ImageListSchema = z.looseObject({
  images: z.array(z.unknown()),
  next: z.string().optional(),
  first: z.string().optional(),
});

export const ImportInfoSchema = z
  .looseObject({ 'import-methods': z.looseObject({ value: z.array(z.string()) }) })
  .transform((d) => ({ methods: d['import-methods'].value }));
export type ImportInfo = z.output<typeof ImportInfoSchema>;

const StoreWire = z.looseObject({
  id: z.string(),
  description: z.string().optional(),
  default: z.union([z.string(), z.boolean()]).optional(),
  'read-only': z.union([z.string(), z.boolean()]).optional(),
  type: z.string().optional(),
  weight: z.number().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const flag = (v: string | boolean | undefined) => v === true || v === 'true';

export const StoresInfoSchema = z.looseObject({ stores: z.array(StoreWire) }).transform((d) =>
  d.stores.map((s) => ({
    id: s.id,
    description: s.description,
    isDefault: flag(s.default),
    readOnly: flag(s['read-only']),
    type: s.type,
    weight: s.weight,
    properties: s.properties,
  })),
);
export type StoreInfo = z.output<typeof StoresInfoSchema>[number];

export const ImageLocationListSchema = z.array(ImageLocationSchema);

/** An image member (Glance v2 /images/{id}/members): a project a shared image is shared with, and its answer. */
export const ImageMemberSchema = z
  .looseObject({
    member_id: z.string(),
    image_id: z.string(),
    status: z.enum(['pending', 'accepted', 'rejected']),
  })
  .transform((m) => ({ memberId: m.member_id, imageId: m.image_id, status: m.status }));
export type ImageMember = z.output<typeof ImageMemberSchema>;

export const ImageMembersSchema = z.looseObject({ members: z.array(z.unknown()) });
