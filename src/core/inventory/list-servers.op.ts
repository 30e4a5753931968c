import { z } from 'zod';
import { serverAddress } from '../boot/schema.js';
import { take } from '../cloud/take.js';
import { defineOperation } from '../engine/operation.js';

export const serverView = z.object({
  server_id: z.string(),
  name: z.string(),
  status: z.string(),
  addresses: z.array(serverAddress),
  volume_ids: z.array(z.string()),
  flavor: z.string().optional(),
  key_name: z.string().optional(),
  host: z.string().optional(),
  created_at: z.string().optional(),
});

export const listServers = defineOperation({
  name: 'list_servers',
  title: 'List servers',
  description: 'Lists Nova servers with their status, addresses and attached volumes. Filter by name or status.',
  input: z.object({
    name: z.string().optional().describe('Name filter (Nova matches it as a regular expression).'),
    status: z.string().optional().describe('e.g. ACTIVE, ERROR, BUILD.'),
    all_projects: z.boolean().default(false).describe("Also other projects' servers (needs admin)."),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  output: z.object({ servers: z.array(serverView), truncated: z.boolean() }),
  effect: 'read',
  summarize: (o) => `${o.servers.length}${o.truncated ? '+' : ''} server(s)`,
  async run(input, { cloud }) {
    const { openstack } = await cloud();
    const { items, truncated } = await take(
      openstack.compute.listServers({ name: input.name, status: input.status, allTenants: input.all_projects }),
      input.limit,
    );
    return {
      servers: items.map((s) => ({
        server_id: s.id,
        name: s.name,
        status: s.status,
        addresses: s.addresses.map((a) => ({ network: a.network, addr: a.addr, version: a.version })),
        volume_ids: s.volumesAttached.map((v) => v.id),
        flavor: s.flavor?.name,
        key_name: s.keyName,
        host: s.host,
        created_at: s.createdAt,
      })),
      truncated,
    };
  },
});
