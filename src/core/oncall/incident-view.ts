import { OpsError } from '../errors/ops-error.js';
import { type Incident, type IncidentSummary, incident } from './schema.js';

/** An incident as stored (the watcher writes it through this schema, so a row that does not parse is damage). */
export function incidentOf(row: { id: string; data: unknown }): Incident {
  const parsed = incident.safeParse(row.data);
  if (!parsed.success) throw new OpsError('INTERNAL', `Incident ${row.id} in the store is not readable.`);
  return parsed.data;
}

export function summarize(i: Incident): IncidentSummary {
  const { blast_radius: b, timeline: _t, ...rest } = i;
  return {
    ...rest,
    ...(b
      ? {
          counts: {
            io_lost: b.io_lost.length,
            failed_over: b.failed_over.length,
            single_replica: b.single_replica.length,
            volumes_affected: b.volumes.affected,
          },
        }
      : {}),
  };
}

/** "open io_lost: Lightbits node server00-0 Inactive — 3 VMs without I/O; …" */
export function incidentLine(i: Pick<Incident, 'id' | 'status' | 'severity' | 'title' | 'summary'>): string {
  return `${i.id} ${i.status} ${i.severity}: ${i.title} — ${i.summary}`;
}
