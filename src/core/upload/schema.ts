import { z } from 'zod';
import { resourceName } from '../cloud/names.js';
import { verifyImageOutput } from '../verify/verify-image.js';
import { DISK_FORMATS } from './detect-format.js';

/** Keys Glance owns or reserves: not settable as image properties. */
const RESERVED = new Set([
  'id',
  'name',
  'status',
  'disk_format',
  'container_format',
  'visibility',
  'size',
  'virtual_size',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'owner',
  'locations',
  'direct_url',
  'created_at',
  'updated_at',
  'tags',
  'file',
  'self',
  'schema',
  'protected',
  'min_disk',
  'min_ram',
  'os_hidden',
  'stores',
]);

export const uploadImageInput = z.object({
  source: z
    .string()
    .min(1)
    .describe(
      'What to upload: an absolute path on the blockops host, inside one of the directories in BLOCKOPS_IMAGE_DIRS ' +
        '(e.g. /srv/images/ubuntu-24.04.raw), or an http(s) URL that blockops downloads and streams into Glance.',
    ),
  name: resourceName(255).describe('The Glance image name, e.g. "ubuntu-24.04". Names need not be unique.'),
  disk_format: z
    .enum(DISK_FORMATS)
    .describe(
      'The format of the bytes. blockops reads the file header and refuses a format that contradicts it. ' +
        'Use raw for the fast path: only raw+bare images become block-level clones on Lightbits; qcow2 images are ' +
        'downloaded and converted for every volume.',
    ),
  container_format: z
    .enum(['bare', 'ovf', 'ova', 'aki', 'ari', 'ami', 'docker', 'compressed'])
    .default('bare')
    .describe('The container around the disk; bare (the default) for a plain disk image.'),
  visibility: z
    .enum(['private', 'shared', 'community', 'public'])
    .optional()
    .describe("Who may see the image. Glance's default is shared; public usually needs the admin role."),
  properties: z
    .record(z.string(), z.string())
    .optional()
    .refine((p) => !p || Object.keys(p).every((k) => !RESERVED.has(k) && !k.startsWith('os_glance')), {
      message: `properties may not set Glance's own fields (${[...RESERVED].join(', ')}) or os_glance_* keys`,
    })
    .describe('Extra image properties, string values, e.g. {"hw_disk_bus": "scsi", "os_distro": "ubuntu"}.'),
  convert_to_raw: z
    .boolean()
    .default(false)
    .describe(
      'Convert a qcow2/vmdk/vhd/vhdx/vdi file to raw on the blockops host before uploading it as raw+bare, so ' +
        'volumes from it are block clones (refused: backing files, external data files, a header that is not disk_format).',
    ),
  import_method: z
    .enum(['upload', 'web-download'])
    .default('upload')
    .describe(
      'upload (default): blockops streams the bytes itself, checking format and checksums. web-download: Glance ' +
        'fetches the URL itself (interoperable import); only for URLs, and only if the cloud offers web-download.',
    ),
});
export type UploadImageInput = z.output<typeof uploadImageInput>;

export const DETECTED_FORMATS = ['raw', 'qcow2', 'vmdk', 'vhd', 'vhdx', 'vdi', 'iso', 'ploop', 'unknown'] as const;

export const uploadImageOutput = z.object({
  image_id: z.string(),
  name: z.string(),
  status: z.string().describe('Glance status; active on success.'),
  disk_format: z.string(),
  container_format: z.string(),
  detected_format: z.enum(DETECTED_FORMATS).describe('What the bytes showed; unknown when blockops never saw them.'),
  size_bytes: z.number(),
  virtual_size_bytes: z.number().optional(),
  sha512: z.string().describe("Computed by blockops while streaming (Glance's own value for web-download)."),
  md5: z.string(),
  checksums_match: z
    .boolean()
    .describe("True when Glance's checksums equal blockops' own; false when there was nothing to compare (see notes)."),
  duration_ms: z.number(),
  throughput_mib_s: z.number(),
  source_kind: z.enum(['file', 'url', 'web-download']),
  notes: z.array(z.string()),
  verification: verifyImageOutput,
});
export type UploadImageOutput = z.input<typeof uploadImageOutput>;
