import { z } from 'zod';

export const RETIRE_POLICIES = ['keep', 'hide', 'deactivate', 'delete'] as const;

export const adoptImageInput = z.object({
  images: z
    .array(z.string().min(1))
    .min(1)
    .max(20)
    .describe('Images (names or ids) to bring to raw in the cinder store, as one approved batch, one after another.'),
  name_policy: z
    .enum(['suffix-new', 'rename-old'])
    .default('suffix-new')
    .describe(
      'suffix-new (default): the adopted image is "<name><suffix>". rename-old: it takes the name, the original gets the suffix.',
    ),
  suffix: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,32}$/)
    .optional()
    .describe('Default "-raw" for suffix-new, "-pre-adoption" for rename-old.'),
  retire: z
    .enum(RETIRE_POLICIES)
    .default('keep')
    .describe(
      'The original afterwards: keep, hide (os_hidden), deactivate, or delete (refused if volumes or servers were made from it, unless allow_delete_in_use).',
    ),
  allow_delete_in_use: z
    .boolean()
    .default(false)
    .describe('With retire=delete: delete the original even though volumes or servers were made from it.'),
  proof_clone: z
    .boolean()
    .default(true)
    .describe('Prove the fast path with a throwaway volume from the adopted image (deleted afterwards).'),
});
export type AdoptImageInput = z.output<typeof adoptImageInput>;

const step = z.object({
  phase: z.enum([
    'plan',
    'copy-image',
    'download',
    'convert',
    'upload',
    'members',
    'verify',
    'proof-clone',
    'rename',
    'retire',
  ]),
  detail: z.string(),
  duration_ms: z.number(),
});
export type AdoptStep = z.infer<typeof step>;

export const adoptedImage = z.object({
  original_id: z.string(),
  original_name: z.string(),
  route: z.enum(['copy-to-cinder', 'convert-to-raw']),
  /** copy-image: the original itself gained a cinder:// location; convert: a new raw image. */
  method: z.enum(['glance-copy-image', 'download-upload', 'qemu-img-convert']),
  adopted_id: z.string(),
  adopted_name: z.string(),
  source_format: z.string(),
  bytes_in: z.number(),
  bytes_out: z.number(),
  verification: z.string(),
  proof: z
    .object({
      path: z.enum(['block-clone', 'copy']),
      statuses_seen: z.array(z.string()),
      duration_ms: z.number(),
      evidence: z.string(),
      volume_deleted: z.boolean(),
    })
    .optional(),
  retired: z.enum(RETIRE_POLICIES),
  volumes_made_from_original: z.number(),
  servers_made_from_original: z.number(),
  steps: z.array(step),
  duration_ms: z.number(),
});
export type AdoptedImage = z.infer<typeof adoptedImage>;

export const adoptImageOutput = z.object({
  adopted: z.array(adoptedImage),
  notes: z.array(z.string()),
});
export type AdoptImageOutput = z.infer<typeof adoptImageOutput>;
