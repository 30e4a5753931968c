import { z } from 'zod';
import { take } from '../cloud/take.js';
import { defineOperation } from '../engine/operation.js';
import { toVolumeView, volumeView } from './views.js';

export const listVolumes = defineOperation({
  name: 'list_volumes',
  title: 'List volumes',
  description:
    "Lists Cinder volumes (like `openstack volume list --long`). all_projects also shows other projects' volumes, " +
    "such as the Cinder store's read-only image-<ID> volumes (needs admin).",
  input: z.object({
    name: z.string().optional(),
    status: z.string().optional().describe('e.g. available, in-use, error.'),
    all_projects: z.boolean().default(false),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  output: z.object({ volumes: z.array(volumeView), truncated: z.boolean() }),
  effect: 'read',
  summarize: (o) => `${o.volumes.length}${o.truncated ? '+' : ''} volume(s)`,
  async run(input, { cloud }) {
    const { openstack } = await cloud();
    const { items, truncated } = await take(
      openstack.volume.listVolumes({ name: input.name, status: input.status, allTenants: input.all_projects }),
      input.limit,
    );
    return { volumes: items.map(toVolumeView), truncated };
  },
});
