import { z } from 'zod';
import { take } from '../cloud/take.js';
import { defineOperation } from '../engine/operation.js';
import { imageView, toImageView } from './views.js';

export const listImages = defineOperation({
  name: 'list_images',
  title: 'List images',
  description:
    'Lists Glance images with their format and store (cinder = block-native). Filter by name, status or format.',
  input: z.object({
    name: z.string().optional().describe('Exact image name.'),
    status: z.string().optional().describe('e.g. active, queued, killed.'),
    disk_format: z.string().optional().describe('e.g. raw, qcow2.'),
    visibility: z.enum(['public', 'private', 'shared', 'community', 'all']).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  output: z.object({ images: z.array(imageView), truncated: z.boolean() }),
  effect: 'read',
  summarize: (o) => `${o.images.length}${o.truncated ? '+' : ''} image(s)`,
  async run(input, { cloud }) {
    const { openstack } = await cloud();
    const { items, truncated } = await take(
      openstack.image.listImages({
        name: input.name,
        status: input.status,
        disk_format: input.disk_format,
        visibility: input.visibility,
      }),
      input.limit,
    );
    return { images: items.map(toImageView), truncated };
  },
});
