import { z } from 'zod';
import { imageView } from '../inventory/views.js';

/** What adopt_image would do for an image: nothing, a Glance copy-image, a conversion to raw, or nothing it can. */
export const ADOPTION_ROUTES = ['ready', 'copy-to-cinder', 'convert-to-raw', 'not-adoptable'] as const;
export type AdoptionRoute = (typeof ADOPTION_ROUTES)[number];

/** Measured on the Zed box (docs/REAL-OPENSTACK: ~140 MB/s written into a Cinder volume on 2 cores). */
export const DEFAULT_COPY_MIB_S = 130;

export const assessImagesInput = z.object({
  volume_type: z
    .string()
    .min(1)
    .optional()
    .describe('The volume type new boot volumes get (default: the configured one): decides the backend to match.'),
  visibility: z.enum(['public', 'private', 'shared', 'community', 'all']).default('all'),
  owner: z.string().min(1).optional().describe('Only images of this project id.'),
  status: z.string().min(1).default('active').describe('Glance status of the images to assess (default active).'),
  show: z
    .enum(['all', 'will-copy', 'ready'])
    .default('all')
    .describe('Which images to list one by one; the summary always covers every image assessed.'),
  limit: z
    .number()
    .int()
    .min(0)
    .max(5000)
    .default(100)
    .describe('At most this many images listed, most costly copies first (the summary covers all).'),
  copy_throughput_mib_s: z
    .number()
    .positive()
    .default(DEFAULT_COPY_MIB_S)
    .describe('Copy-path throughput used to estimate the cost of copies, MiB/s (default: measured on a Zed box).'),
});
export type AssessImagesInput = z.output<typeof assessImagesInput>;

const holds = z.enum(['yes', 'no', 'unknown']);

/** The image as every operation shows it (inventory's view), with the assessment beside it. */
export const assessedImage = imageView
  .pick({
    image_id: true,
    name: true,
    status: true,
    disk_format: true,
    container_format: true,
    size_bytes: true,
    virtual_size_bytes: true,
    visibility: true,
    owner: true,
  })
  .extend({
    /** Glance store ids (cinder, file, …), from `stores` or the location schemes. */
    stores: z.array(z.string()),
    predicted_path: z.enum(['block-clone', 'copy']),
    confidence: z.enum(['certain', 'likely']),
    /** The clone conditions that fail (ids of docs/clone-path.md), and each one's evidence. */
    failing: z.array(z.object({ id: z.string(), evidence: z.string() })),
    /** The Cinder store's volume image-<ID>, when the image is in the cinder store. */
    image_volume: z
      .object({
        exists: holds,
        volume_id: z.string().optional(),
        read_only: z.boolean().optional(),
        on_target_backend: holds,
      })
      .optional(),
    /** Volumes whose volume_image_metadata.image_id is this image (among the volumes visible to blockops). */
    volumes_made: z.number(),
    route: z.enum(ADOPTION_ROUTES),
    /** Bytes Cinder wrote for the copies made so far: the image's (virtual) size × volumes made; 0 when ready. */
    copy_cost_bytes: z.number(),
  });
export type AssessedImage = z.infer<typeof assessedImage>;

export const fleetSummary = z.object({
  images: z.number(),
  ready: z.number(),
  will_copy: z.number(),
  /** Images that will be copied, by failing condition (an image may count under several). */
  will_copy_by_reason: z.record(z.string(), z.number()),
  by_route: z.record(z.string(), z.number()),
  file_store_bytes: z.number(),
  copy_cost: z.object({
    volumes_made: z.number(),
    bytes: z.number(),
    estimated_seconds: z.number(),
    throughput_mib_s: z.number(),
  }),
  top_offenders: z.array(
    z.object({ image_id: z.string(), name: z.string(), copy_cost_bytes: z.number(), reasons: z.array(z.string()) }),
  ),
  /** What was not visible (another project's volumes, the store volumes) and so counted as unknown. */
  notes: z.array(z.string()),
});
export type FleetSummary = z.infer<typeof fleetSummary>;

export const assessImagesOutput = z.object({
  volume_type: z.string(),
  images: z.array(assessedImage),
  truncated: z.boolean(),
  summary: fleetSummary,
});
export type AssessImagesOutput = z.infer<typeof assessImagesOutput>;
