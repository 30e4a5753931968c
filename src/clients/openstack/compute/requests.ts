// Nova v2.1 request bodies: camelCase input → wire names.

export interface ServerCreate {
  name: string;
  flavorRef: string;
  /** Boot from this existing volume (block_device_mapping_v2, no imageRef). */
  bootVolumeId: string;
  /** 'none' and 'auto' need compute microversion ≥ 2.37. */
  networks: 'none' | 'auto' | { uuid: string }[];
  keyName?: string;
  /** Delete the boot volume with the server; default false. */
  deleteOnTermination?: boolean;
  availabilityZone?: string;
  metadata?: Record<string, string>;
}

export const NETWORKS_KEYWORD_MICROVERSION = '2.37';

export function serverCreateBody(s: ServerCreate): { server: Record<string, unknown> } {
  const server: Record<string, unknown> = {
    name: s.name,
    flavorRef: s.flavorRef,
    block_device_mapping_v2: [
      {
        boot_index: 0,
        uuid: s.bootVolumeId,
        source_type: 'volume',
        destination_type: 'volume',
        delete_on_termination: s.deleteOnTermination ?? false,
      },
    ],
    networks: typeof s.networks === 'string' ? s.networks : s.networks.map((n) => ({ uuid: n.uuid })),
  };
  if (s.keyName !== undefined) server['key_name'] = s.keyName;
  if (s.availabilityZone !== undefined) server['availability_zone'] = s.availabilityZone;
  if (s.metadata !== undefined) server['metadata'] = s.metadata;
  return { server };
}

export interface ServerFilters {
  /** Every project's servers (admin): all_tenants=1. */
  allTenants?: boolean;
  /** A regular expression in Nova. */
  name?: string;
  status?: string;
  limit?: number;
}

export function serverListQuery(f: ServerFilters): Record<string, string | number | undefined> {
  return { all_tenants: f.allTenants ? 1 : undefined, name: f.name, status: f.status, limit: f.limit };
}
