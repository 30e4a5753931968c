import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { previewBlastRadius } from './preview.js';
import { blastRadius } from './schema.js';

export const getBlastRadius = defineOperation({
  name: 'get_blast_radius',
  title: 'Blast radius of a storage node going down',
  description:
    'Before draining or rebooting Lightbits storage nodes: if these nodes went down now, which VMs would lose I/O ' +
    '(no healthy replica left), which would fail over (their primary is there: a ~10 s pause), which would end on ' +
    'a single replica, and which image volumes and unattached volumes are touched, from the current placement. ' +
    'Nodes already down count as down. Read-only.',
  input: z.object({
    nodes: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .describe('Lightbits node name, hostname or uuid; several separated by commas (e.g. "server00-0,server01-0").'),
  }),
  output: z.object({
    nodes: z.array(z.string()),
    already_down: z.array(z.string()),
    blast_radius: blastRadius,
    summary: z.string(),
    checked_at: z.string(),
  }),
  effect: 'read',
  summarize: (o) => o.summary,
  async run(i, { cloud, now }) {
    return previewBlastRadius(await cloud(), i.nodes, now());
  },
});
