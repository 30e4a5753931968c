// Cinder v3 request bodies and queries: camelCase input → wire names.

export interface VolumeCreate {
  size: number;
  name: string;
  imageRef?: string;
  sourceVolId?: string;
  snapshotId?: string;
  volumeType?: string;
  description?: string;
  availabilityZone?: string;
  metadata?: Record<string, string>;
}

export function volumeCreateBody(v: VolumeCreate): { volume: Record<string, unknown> } {
  const volume: Record<string, unknown> = { size: v.size, name: v.name };
  if (v.imageRef !== undefined) volume['imageRef'] = v.imageRef;
  if (v.sourceVolId !== undefined) volume['source_volid'] = v.sourceVolId;
  if (v.snapshotId !== undefined) volume['snapshot_id'] = v.snapshotId;
  if (v.volumeType !== undefined) volume['volume_type'] = v.volumeType;
  if (v.description !== undefined) volume['description'] = v.description;
  if (v.availabilityZone !== undefined) volume['availability_zone'] = v.availabilityZone;
  if (v.metadata !== undefined) volume['metadata'] = v.metadata;
  return { volume };
}

export interface VolumeFilters {
  /** Every project's volumes (admin): all_tenants=1. The Cinder store's image volumes usually need it. */
  allTenants?: boolean;
  name?: string;
  status?: string;
  /** Volumes having all these metadata pairs. */
  metadata?: Record<string, string>;
  limit?: number;
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Query of GET volumes/detail. Cinder reads `metadata` as a Python dict literal, as gophercloud sends it. */
export function volumeListQuery(f: VolumeFilters): Record<string, string | number | undefined> {
  const meta = f.metadata && Object.keys(f.metadata).length > 0 ? f.metadata : undefined;
  return {
    all_tenants: f.allTenants ? 1 : undefined,
    name: f.name,
    status: f.status,
    limit: f.limit,
    metadata: meta
      ? `{${Object.entries(meta)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${quote(k)}: ${quote(v)}`)
          .join(', ')}}`
      : undefined,
  };
}

export const readonlyActionBody = (readonly: boolean) => ({ 'os-update_readonly_flag': { readonly } });
