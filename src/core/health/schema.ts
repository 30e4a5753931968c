import { z } from 'zod';

/** A check that failed, in words: which check, the stable error code, and what the service said. */
export const checkError = z.object({ check: z.string(), code: z.string(), message: z.string() });

export const healthVerdict = z.enum(['healthy', 'degraded', 'down']);

export const lightbitsNodeHealth = z.object({
  name: z.string(),
  uuid: z.string(),
  state: z.string(),
  /** Only an Active node serves I/O. */
  healthy: z.boolean(),
  nvme_endpoint: z.string().optional(),
  failure_info: z.string().optional(),
});

export const capacity = z.object({
  total_bytes: z.number(),
  used_bytes: z.number(),
  free_bytes: z.number(),
  used_percent: z.number(),
  free_percent: z.number(),
  /** Which statistics the figures come from (effectivePhysicalStorage, …), since clusters report several. */
  basis: z.string(),
});

export const volumeProtection = z.object({
  /** Volumes not FullyProtected: degraded + read_only + not_available. */
  not_fully_protected: z.number(),
  degraded: z.number(),
  read_only: z.number(),
  not_available: z.number(),
  fully_protected: z.number().optional(),
  /** Counted by listing only: protection Unknown or a state blockops does not know (e.g. still being created). */
  other: z.number().optional(),
  /** cluster_health: the cluster's own counts; volume_list: counted by listing the project's volumes. */
  source: z.enum(['cluster_health', 'volume_list']),
  /** Set when counted by listing: only this project's volumes were counted. */
  project: z.string().optional(),
});

export const lightbitsHealth = z.object({
  /** ok: every check answered; partial: some did; error: none did; not_configured: no Lightbits API configured. */
  status: z.enum(['ok', 'partial', 'error', 'not_configured']),
  message: z.string().optional(),
  /** The API endpoint that answered last. */
  api_endpoint: z.string().optional(),
  cluster: z
    .object({
      uuid: z.string(),
      name: z.string().optional(),
      subsystem_nqn: z.string(),
      /** ClusterHealth.state as the cluster reports it (OK, Warning, Error, …), when it does. */
      health_state: z.string().optional(),
      current_max_replicas: z.number().optional(),
      api_endpoints: z.array(z.string()),
    })
    .optional(),
  capacity: capacity.optional(),
  nodes: z.array(lightbitsNodeHealth),
  volumes: volumeProtection.optional(),
  errors: z.array(checkError),
});

export const openstackService = z.object({
  binary: z.string(),
  host: z.string(),
  zone: z.string().optional(),
  /** enabled | disabled (an operator's choice). */
  status: z.string(),
  /** up | down (whether it reports in). */
  state: z.string(),
  updated_at: z.string().optional(),
  disabled_reason: z.string().optional(),
});

export const servicesHealth = z.object({
  status: z.enum(['ok', 'error']),
  services: z.array(openstackService),
  error: checkError.optional(),
});

export const glanceHealth = z.object({ status: z.enum(['ok', 'error']), error: checkError.optional() });

export const healthOutput = z.object({
  verdict: healthVerdict,
  /** Plain words, worst first: "node server01-0 is Inactive", "cinder-volume on host@lightbits is down". */
  reasons: z.array(z.string()),
  checked_at: z.string(),
  emulated: z.boolean(),
  lightbits: lightbitsHealth,
  cinder: servicesHealth,
  nova: servicesHealth,
  glance: glanceHealth,
});

export type CheckError = z.infer<typeof checkError>;
export type HealthVerdict = z.infer<typeof healthVerdict>;
export type LightbitsHealth = z.infer<typeof lightbitsHealth>;
export type LightbitsNodeHealth = z.infer<typeof lightbitsNodeHealth>;
export type Capacity = z.infer<typeof capacity>;
export type VolumeProtection = z.infer<typeof volumeProtection>;
export type ServicesHealth = z.infer<typeof servicesHealth>;
export type OpenStackService = z.infer<typeof openstackService>;
export type GlanceHealth = z.infer<typeof glanceHealth>;
export type HealthOutput = z.infer<typeof healthOutput>;
