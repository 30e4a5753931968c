import { z } from 'zod';
import { checkError } from '../health/schema.js';

export const failoverVerdict = z.enum(['healthy', 'degraded', 'down', 'unknown']);

export const replica = z.object({
  node_uuid: z.string(),
  /** The node's name, or its uuid when the node list did not name it. */
  node_name: z.string(),
  state: z.string(),
  /** Only an Active node serves I/O. */
  healthy: z.boolean(),
  /** The replica that serves I/O: reported by the cluster, or derived (see serving_node.source). */
  primary: z.boolean(),
});

export const servingNode = z.object({
  uuid: z.string(),
  name: z.string(),
  state: z.string(),
  /** reported: the cluster's primaryNodeUUID; derived: the first healthy replica, since the cluster did not say. */
  source: z.enum(['reported', 'derived']),
});

export const lightbitsSide = z.object({
  status: z.enum(['found', 'missing', 'not_configured', 'error']),
  project: z.string().optional(),
  name: z.string().optional(),
  uuid: z.string().optional(),
  state: z.string().optional(),
  protection_state: z.string().optional(),
  replica_count: z.number().optional(),
  replicas: z.array(replica),
  healthy_replicas: z.number().optional(),
  serving_node: servingNode.optional(),
  /** Whether some replica serves I/O, as seen from Lightbits (the host's own path states are not visible here). */
  io_served: z.boolean().optional(),
  /** When the serving node took over (ISO-8601), from the Lightbits events about the failed node. */
  serving_since: z.string().optional(),
  /** Replica nodes that are not Active. */
  failed_nodes: z.array(z.string()),
  rebuild_progress: z.string().optional(),
  error: checkError.optional(),
});

export const cinderSide = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  size_gb: z.number(),
  volume_type: z.string().optional(),
  /** Cinder backend host, e.g. host@lightbits#pool (admins only). */
  backend_host: z.string().optional(),
  bootable: z.boolean(),
  attachments: z.array(
    z.object({
      server_id: z.string().optional(),
      device: z.string().optional(),
      /** The compute host the volume is attached on: where `nvme list-subsys` shows the ANA path states. */
      compute_host: z.string().optional(),
      attached_at: z.string().optional(),
    }),
  ),
});

export const volumeFailover = z.object({
  cinder: cinderSide,
  lightbits: lightbitsSide,
  verdict: failoverVerdict,
  /** e.g. "served by node lb-2 since 10:32 UTC (after node lb-1 failed); 2 of 3 replicas healthy; Degraded". */
  summary: z.string(),
});

export const failoverEvent = z.object({
  time: z.string().optional(),
  severity: z.string(),
  type: z.string(),
  name: z.string().optional(),
  status: z.string().optional(),
  node_name: z.string().optional(),
  description: z.string().optional(),
});

export const failoverOutput = z.object({
  target: z.object({ kind: z.enum(['server', 'volume']), id: z.string(), name: z.string() }),
  server: z
    .object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      compute_host: z.string().optional(),
    })
    .optional(),
  verdict: z.union([failoverVerdict, z.literal('no_volumes')]),
  summary: z.string(),
  volumes: z.array(volumeFailover),
  /** Lightbits events about the nodes and volumes concerned, newest first. */
  recent_events: z.array(failoverEvent),
  /** What is derived rather than seen, and what could not be checked. */
  notes: z.array(z.string()),
  checked_at: z.string(),
});

export type FailoverVerdict = z.infer<typeof failoverVerdict>;
export type Replica = z.infer<typeof replica>;
export type LightbitsSide = z.infer<typeof lightbitsSide>;
export type CinderSide = z.infer<typeof cinderSide>;
export type VolumeFailover = z.infer<typeof volumeFailover>;
export type FailoverEvent = z.infer<typeof failoverEvent>;
export type FailoverOutput = z.infer<typeof failoverOutput>;
