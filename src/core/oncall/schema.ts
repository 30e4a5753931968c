import { z } from 'zod';

/** By impact, worst first: a VM without I/O, one more failure away from it, fewer replicas than asked for, the rest. */
export const SEVERITIES = ['io_lost', 'single_replica', 'degraded', 'info'] as const;
export const severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severity>;

export function worseOf(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

export const vmRef = z.object({
  id: z.string(),
  name: z.string(),
  /** The Cinder volumes of this server that put it in this class. */
  volumes: z.array(z.string()),
});
export type VmRef = z.infer<typeof vmRef>;

/** How many there are, and the first few named; the counts are always complete. */
const volumeRefs = z.object({ count: z.number(), ids: z.array(z.string()) });

export const blastRadius = z.object({
  /** Nodes that do not serve I/O (or would not, for a preview). */
  nodes_down: z.array(z.string()),
  /** VMs with a disk that has no healthy replica left: their I/O stops. */
  io_lost: z.array(vmRef),
  /** VMs with a disk whose primary moved to another replica (the ~10 s NVMe/TCP pause). */
  failed_over: z.array(vmRef),
  /** VMs with a disk on one healthy replica: one more node failure away from losing I/O. */
  single_replica: z.array(vmRef),
  /** Image ids whose `image-<id>` volume is affected: new clones of those images are at risk. */
  image_volumes: z.array(z.string()),
  /** Affected volumes attached to no server (or unknown to Cinder). */
  unattached_volumes: volumeRefs,
  /** Lightbits volumes per class (a volume that failed over and is on one replica counts in both). */
  volumes: z.object({
    affected: z.number(),
    io_lost: z.number(),
    failed_over: z.number(),
    single_replica: z.number(),
  }),
});
export type BlastRadius = z.infer<typeof blastRadius>;

export const timelineEntry = z.object({ at: z.string(), text: z.string() });
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const incident = z.object({
  id: z.string(),
  /** The root cause it groups: `lightbits` (nodes and volumes), `lightbits_api`, `service:<binary>@<host>`. */
  key: z.string(),
  status: z.enum(['open', 'resolved']),
  severity,
  /** The worst it has been. */
  peak_severity: severity,
  title: z.string(),
  summary: z.string(),
  opened_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().optional(),
  blast_radius: blastRadius.optional(),
  /** Nodes that now serve the volumes that failed over. */
  serving_nodes: z.array(z.string()),
  last_failover_at: z.string().optional(),
  timeline: z.array(timelineEntry),
});
export type Incident = z.infer<typeof incident>;

/** The list's row: everything but the VM lists and the timeline. */
export const incidentSummary = incident.omit({ blast_radius: true, timeline: true }).extend({
  counts: z
    .object({ io_lost: z.number(), failed_over: z.number(), single_replica: z.number(), volumes_affected: z.number() })
    .optional(),
});
export type IncidentSummary = z.infer<typeof incidentSummary>;
