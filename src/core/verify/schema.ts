import { z } from 'zod';

export const verifyStep = z.object({
  step: z.enum(['glance', 'location', 'cinder', 'lightbits']),
  status: z.enum(['ok', 'warning', 'failed', 'not_configured', 'skipped']),
  detail: z.string(),
  /** What the step saw, in the columns `openstack volume list --long` / `lbcli list volume` show. */
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const verifyImageOutput = z.object({
  image_id: z.string(),
  image_name: z.string(),
  verdict: z.enum(['block-native', 'file-backed', 'broken']),
  summary: z.string(),
  volume_id: z.string().optional(),
  lightbits_volume_uuid: z.string().optional(),
  steps: z.array(verifyStep),
  warnings: z.array(z.string()),
});

export type VerifyStep = z.infer<typeof verifyStep>;
export type VerifyImageOutput = z.infer<typeof verifyImageOutput>;
