import { z } from 'zod';
import { resourceName } from '../cloud/names.js';

export const bootServerInput = z.object({
  volume: z.string().min(1).describe('Bootable volume name or id (e.g. from clone_image).'),
  flavor: z.string().min(1).describe('Flavor name or id, e.g. m1.small.'),
  network: z
    .string()
    .min(1)
    .optional()
    .describe('Network name or id; "none" for no network, "auto" to let Nova choose. Default: auto.'),
  key_name: z.string().min(1).optional().describe('Key pair name for SSH access.'),
  name: resourceName(255).optional().describe('Server name (default: the volume name without -vol-…).'),
});

export const serverAddress = z.object({ network: z.string(), addr: z.string(), version: z.number().optional() });

export const bootServerOutput = z.object({
  server_id: z.string(),
  name: z.string(),
  status: z.string(),
  addresses: z.array(serverAddress),
  volume_id: z.string(),
  flavor: z.string(),
  network: z.string(),
  key_name: z.string().optional(),
  statuses_seen: z.array(z.string()),
  duration_ms: z.number(),
});

export type BootServerInput = z.infer<typeof bootServerInput>;
export type BootServerOutput = z.infer<typeof bootServerOutput>;
