import { z } from 'zod';
import type { Image, Volume } from '../../clients/openstack/index.js';
import { redactUrlCredentials } from '../cloud/redact-url.js';

/** How images and volumes look in every operation's output: snake_case, ids under *_id, no wire quirks. */
export const imageView = z.object({
  image_id: z.string(),
  name: z.string(),
  status: z.string(),
  disk_format: z.string().optional(),
  container_format: z.string().optional(),
  size_bytes: z.number().optional(),
  virtual_size_bytes: z.number().optional(),
  min_disk_gb: z.number(),
  visibility: z.string(),
  owner: z.string().optional(),
  stores: z.array(z.string()),
  locations: z.array(z.string()),
  os_hash_algo: z.string().optional(),
  os_hash_value: z.string().optional(),
  created_at: z.string().optional(),
});

export const volumeView = z.object({
  volume_id: z.string(),
  name: z.string(),
  status: z.string(),
  size_gb: z.number(),
  volume_type: z.string().optional(),
  bootable: z.boolean(),
  read_only: z.boolean(),
  attached_to: z.array(z.string()),
  host: z.string().optional(),
  project_id: z.string().optional(),
  image_id: z.string().optional(),
  created_at: z.string().optional(),
});

export function toImageView(i: Image): z.infer<typeof imageView> {
  return {
    image_id: i.id,
    name: i.name,
    status: i.status,
    disk_format: i.diskFormat,
    container_format: i.containerFormat,
    size_bytes: i.size,
    virtual_size_bytes: i.virtualSize,
    min_disk_gb: i.minDisk,
    visibility: i.visibility,
    owner: i.owner,
    stores: i.stores,
    locations: [...new Set([...i.locations.map((l) => l.url), ...(i.directUrl ? [i.directUrl] : [])])].map(
      redactUrlCredentials,
    ),
    os_hash_algo: i.hashAlgo,
    os_hash_value: i.hashValue,
    created_at: i.createdAt,
  };
}

export function toVolumeView(v: Volume): z.infer<typeof volumeView> {
  return {
    volume_id: v.id,
    name: v.name,
    status: v.status,
    size_gb: v.size,
    volume_type: v.volumeType,
    bootable: v.bootable,
    read_only: v.readonly,
    attached_to: v.attachments.map((a) => a.serverId).filter((s): s is string => Boolean(s)),
    host: v.host,
    project_id: v.tenantId,
    image_id: v.imageMetadata?.['image_id'],
    created_at: v.createdAt,
  };
}
