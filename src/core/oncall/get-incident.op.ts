import { z } from 'zod';
import { defineOperation } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';
import { incidentLine, incidentOf } from './incident-view.js';
import { incident } from './schema.js';

export const getIncident = defineOperation({
  name: 'get_incident',
  title: 'One on-call incident in full',
  description:
    'One incident by id (from list_incidents or the Slack message): what failed and when, its severity, the blast ' +
    'radius in full (the VMs whose disks lost I/O, failed over to another replica, or run on a single replica; the ' +
    'image volumes and unattached volumes affected), which nodes now serve, and the timeline of every transition.',
  input: z.object({ id: z.string().trim().min(1).max(100).describe('The incident id, e.g. inc-…') }),
  output: incident,
  effect: 'read',
  openWorld: false,
  summarize: (o) => incidentLine(o),
  resources: (i) => ({ incident: i.id }),
  async run(i, { desk }) {
    const row = await desk.getIncident(i.id);
    if (!row) {
      throw new OpsError('INCIDENT.NOT_FOUND', `No incident ${i.id}. list_incidents shows the incidents there are.`);
    }
    return incidentOf(row);
  },
});
