import { z } from 'zod';
import { LinksSchema } from '../paginate.js';
import { orUndefined as u, withRaw } from '../parse.js';

// Nova v2.1 wire shapes (microversion 2.79) and their renaming. Older microversions' shapes parse too.

const AddressWire = z.looseObject({
  addr: z.string(),
  version: z.number().optional(),
  'OS-EXT-IPS:type': z.string().optional(),
  'OS-EXT-IPS-MAC:mac_addr': z.string().optional(),
});

const ServerWire = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  status: z.string().optional(),
  addresses: z.record(z.string(), z.array(AddressWire)).optional(),
  'os-extended-volumes:volumes_attached': z
    .array(z.looseObject({ id: z.string(), delete_on_termination: z.boolean().optional() }))
    .optional(),
  // ≥ 2.47: the flavor is embedded; before: {id, links}.
  flavor: z.looseObject({ id: z.string().optional(), original_name: z.string().optional() }).optional(),
  // A server booted from a volume has "image": "".
  image: z.union([z.string(), z.looseObject({ id: z.string() })]).optional(),
  fault: z
    .looseObject({ code: z.number().optional(), message: z.string().optional(), details: z.string().optional() })
    .optional(),
  key_name: z.string().nullish(),
  'OS-EXT-SRV-ATTR:host': z.string().nullish(),
  'OS-EXT-SRV-ATTR:hypervisor_hostname': z.string().nullish(),
  'OS-EXT-AZ:availability_zone': z.string().nullish(),
  'OS-EXT-STS:vm_state': z.string().nullish(),
  'OS-EXT-STS:task_state': z.string().nullish(),
  'OS-EXT-STS:power_state': z.number().nullish(),
  tenant_id: z.string().optional(),
  user_id: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  created: z.string().optional(),
  updated: z.string().optional(),
});

export const ServerSchema = ServerWire.transform((w) => {
  const server = {
    id: w.id,
    name: w.name ?? '',
    status: w.status ?? 'UNKNOWN',
    addresses: Object.entries(w.addresses ?? {}).flatMap(([network, list]) =>
      list.map((a) => ({
        network,
        addr: a.addr,
        version: a.version,
        type: a['OS-EXT-IPS:type'],
        mac: a['OS-EXT-IPS-MAC:mac_addr'],
      })),
    ),
    volumesAttached: (w['os-extended-volumes:volumes_attached'] ?? []).map((v) => ({
      id: v.id,
      deleteOnTermination: v.delete_on_termination ?? false,
    })),
    flavor: w.flavor ? { ...w.flavor, name: w.flavor.original_name } : undefined,
    fault: w.fault,
    keyName: u(w.key_name),
    /** Undefined for a server booted from a volume (Nova sends ""). */
    imageId: typeof w.image === 'object' ? w.image.id : w.image || undefined,
    host: u(w['OS-EXT-SRV-ATTR:host']),
    hypervisorHostname: u(w['OS-EXT-SRV-ATTR:hypervisor_hostname']),
    availabilityZone: u(w['OS-EXT-AZ:availability_zone']),
    vmState: u(w['OS-EXT-STS:vm_state']),
    taskState: u(w['OS-EXT-STS:task_state']),
    powerState: u(w['OS-EXT-STS:power_state']),
    tenantId: w.tenant_id,
    userId: w.user_id,
    metadata: w.metadata ?? {},
    createdAt: w.created,
    updatedAt: w.updated,
  };
  return withRaw(server, w);
});
export type Server = z.output<typeof ServerSchema>;

export const ServerBodySchema = z.looseObject({ server: z.unknown() });
export const ServerListSchema = z.looseObject({ servers: z.array(z.unknown()), servers_links: LinksSchema });

/** POST /servers answers {id, adminPass, links, …}: only the id is kept (adminPass is a secret nobody here needs). */
export const ServerCreatedSchema = z
  .looseObject({ server: z.looseObject({ id: z.string() }) })
  .transform((d) => ({ id: d.server.id }));

export const FlavorSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    vcpus: z.number(),
    ram: z.number(),
    disk: z.number(),
    swap: z.union([z.number(), z.string()]).optional(),
    'OS-FLV-EXT-DATA:ephemeral': z.number().optional(),
    'OS-FLV-DISABLED:disabled': z.boolean().optional(),
    'os-flavor-access:is_public': z.boolean().optional(),
    rxtx_factor: z.number().optional(),
    description: z.string().nullish(),
    extra_specs: z.record(z.string(), z.string()).optional(),
  })
  .transform((f) => ({
    id: f.id,
    name: f.name,
    vcpus: f.vcpus,
    ramMb: f.ram,
    diskGb: f.disk,
    /** Nova sends "" for no swap. */
    swapMb: typeof f.swap === 'number' ? f.swap : Number(f.swap) || 0,
    ephemeralGb: f['OS-FLV-EXT-DATA:ephemeral'] ?? 0,
    disabled: f['OS-FLV-DISABLED:disabled'] ?? false,
    isPublic: f['os-flavor-access:is_public'] ?? true,
    rxtxFactor: f.rxtx_factor,
    description: u(f.description),
    extraSpecs: f.extra_specs,
  }));
export type Flavor = z.output<typeof FlavorSchema>;
export const FlavorListSchema = z.looseObject({ flavors: z.array(z.unknown()), flavors_links: LinksSchema });
export const FlavorBodySchema = z.looseObject({ flavor: z.unknown() });

export const KeypairSchema = z
  .looseObject({
    name: z.string(),
    fingerprint: z.string().optional(),
    public_key: z.string().optional(),
    type: z.string().optional(),
    user_id: z.string().optional(),
  })
  .transform((k) => ({
    name: k.name,
    fingerprint: k.fingerprint,
    publicKey: k.public_key,
    type: k.type,
    userId: k.user_id,
  }));
export type Keypair = z.output<typeof KeypairSchema>;
// The list wraps each item: {"keypairs": [{"keypair": {...}}]}.
export const KeypairListSchema = z.looseObject({
  keypairs: z.array(z.looseObject({ keypair: KeypairSchema })),
  keypairs_links: LinksSchema,
});
export const KeypairBodySchema = z.looseObject({ keypair: KeypairSchema });

export const ComputeServiceSchema = z
  .looseObject({
    id: z.union([z.number(), z.string()]).optional(), // an integer before 2.53, a UUID after
    binary: z.string(),
    host: z.string(),
    zone: z.string().nullish(),
    status: z.string(),
    state: z.string(),
    updated_at: z.string().nullish(),
    disabled_reason: z.string().nullish(),
    forced_down: z.boolean().optional(),
  })
  .transform((s) => ({
    id: s.id === undefined ? undefined : String(s.id),
    binary: s.binary,
    host: s.host,
    zone: u(s.zone),
    status: s.status,
    state: s.state,
    updatedAt: u(s.updated_at),
    disabledReason: u(s.disabled_reason),
    forcedDown: s.forced_down,
  }));
export type ComputeService = z.output<typeof ComputeServiceSchema>;
export const ComputeServiceListSchema = z.looseObject({ services: z.array(ComputeServiceSchema) });
