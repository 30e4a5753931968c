import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { incidentLine, incidentOf, summarize } from './incident-view.js';
import { incidentSummary } from './schema.js';

export const listIncidents = defineOperation({
  name: 'list_incidents',
  title: 'On-call incidents',
  description:
    'For on-call staff: the incidents the watcher in `blockops serve` opened, newest first, one per root cause (a ' +
    'Lightbits node failure with every volume it degraded, the Lightbits API not answering, a cinder-volume or ' +
    'nova-compute service down). Each with its severity (io_lost > single_replica > degraded > info), what failed, ' +
    'and how many VMs lost I/O, failed over or run on a single replica. get_incident gives the VMs and the timeline.',
  input: z.object({
    status: z.enum(['open', 'resolved', 'all']).default('all').describe('open, resolved or all (default).'),
    limit: z.number().int().min(1).max(200).default(20).describe('At most this many (default 20).'),
  }),
  output: z.object({ incidents: z.array(incidentSummary) }),
  effect: 'read',
  openWorld: false,
  summarize: (o) => (o.incidents.length === 0 ? 'No incidents.' : o.incidents.map((i) => incidentLine(i)).join('\n')),
  async run(i, { desk }) {
    const rows = await desk.listIncidents({ status: i.status === 'all' ? undefined : i.status, limit: i.limit });
    return { incidents: rows.map((r) => summarize(incidentOf(r))) };
  },
});
