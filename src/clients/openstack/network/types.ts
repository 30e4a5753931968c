import { z } from 'zod';
import { LinksSchema } from '../paginate.js';
import { orUndefined as u, withRaw } from '../parse.js';

// Neutron v2.0 wire shapes and their renaming.

export const NetworkSchema = z
  .looseObject({
    id: z.string(),
    name: z.string().nullish(),
    status: z.string().optional(),
    admin_state_up: z.boolean().optional(),
    shared: z.boolean().optional(),
    'router:external': z.boolean().optional(),
    subnets: z.array(z.string()).optional(),
    project_id: z.string().nullish(),
    tenant_id: z.string().nullish(),
    mtu: z.number().nullish(),
    availability_zones: z.array(z.string()).optional(),
    description: z.string().nullish(),
  })
  .transform((w) =>
    withRaw(
      {
        id: w.id,
        name: w.name ?? '',
        status: w.status ?? 'UNKNOWN',
        adminStateUp: w.admin_state_up ?? true,
        shared: w.shared ?? false,
        external: w['router:external'] ?? false,
        subnets: w.subnets ?? [],
        projectId: u(w.project_id ?? w.tenant_id),
        mtu: u(w.mtu),
        availabilityZones: w.availability_zones ?? [],
        description: u(w.description),
      },
      w,
    ),
  );
export type Network = z.output<typeof NetworkSchema>;

export const NetworkListSchema = z.looseObject({ networks: z.array(z.unknown()), networks_links: LinksSchema });
export const NetworkBodySchema = z.looseObject({ network: z.unknown() });
