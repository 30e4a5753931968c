import { z } from 'zod';
import { resourceName } from '../cloud/names.js';

export const cloneImageInput = z.object({
  image: z.string().min(1).describe('Image name or id to make the boot volume from.'),
  size_gb: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Volume size in GB; at least the image's min_disk and virtual size (the default)."),
  name: resourceName(255).optional().describe('Name of the new volume (default: <image>-vol-<random>).'),
  volume_type: z
    .string()
    .min(1)
    .optional()
    .describe('Cinder volume type (default: the configured one, e.g. lightbits).'),
});

export const cloneCondition = z.object({
  id: z.string(),
  holds: z.enum(['yes', 'no', 'unknown']),
  evidence: z.string(),
});

export const cloneImageOutput = z.object({
  volume_id: z.string(),
  name: z.string(),
  status: z.string(),
  size_gb: z.number(),
  volume_type: z.string(),
  image_id: z.string(),
  image_name: z.string(),
  /** What Cinder did. */
  path: z.enum(['block-clone', 'copy']),
  path_evidence: z.string(),
  /** What blockops expected before it asked. */
  predicted_path: z.enum(['block-clone', 'copy']),
  prediction_confidence: z.enum(['certain', 'likely']),
  prediction_matched: z.boolean(),
  reasons: z.array(z.string()),
  advice: z.array(z.string()),
  conditions: z.array(cloneCondition),
  statuses_seen: z.array(z.string()),
  duration_ms: z.number(),
  lightbits_volume_uuid: z.string().optional(),
});

export type CloneImageInput = z.infer<typeof cloneImageInput>;
export type CloneImageOutput = z.infer<typeof cloneImageOutput>;
