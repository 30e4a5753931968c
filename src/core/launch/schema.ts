import { z } from 'zod';
import { serverAddress } from '../boot/schema.js';
import { resourceName } from '../cloud/names.js';

export const launchServerInput = z.object({
  image: z.string().min(1).describe('Image name or id.'),
  size_gb: z.number().int().positive().optional().describe('Boot volume size in GB (default: what the image needs).'),
  flavor: z.string().min(1).describe('Flavor name or id, e.g. m1.small.'),
  network: z.string().min(1).optional().describe('Network name or id; "none" for no network. Default: auto.'),
  key_name: z.string().min(1).optional().describe('Key pair name for SSH access.'),
  name: resourceName(240).describe('Server name; with count > 1, servers are named <name>-1, <name>-2, …'),
  count: z.number().int().min(1).max(50).default(1).describe('How many servers (the policy sets the limit).'),
  keep_volume: z.boolean().default(false).describe('Keep the boot volume when the boot fails (default: delete it).'),
});

export const launchedServer = z.object({
  server_id: z.string(),
  name: z.string(),
  status: z.string(),
  addresses: z.array(serverAddress),
  volume_id: z.string(),
  path: z.enum(['block-clone', 'copy']),
  clone_ms: z.number(),
  boot_ms: z.number(),
});

export const launchFailure = z.object({
  name: z.string(),
  step: z.enum(['clone', 'boot']),
  error: z.object({ code: z.string(), message: z.string() }),
  volume_id: z.string().optional(),
  volume_kept: z.boolean(),
});

export const launchServerOutput = z.object({
  servers: z.array(launchedServer),
  failures: z.array(launchFailure),
  /** What failed launches left behind that could not be cleaned (empty when everything was). */
  leftovers: z.array(z.record(z.string(), z.unknown())),
  /** The clone path of the first volume, and why: the same image takes the same path every time. */
  path: z.enum(['block-clone', 'copy']),
  path_evidence: z.string(),
  advice: z.array(z.string()),
  duration_ms: z.number(),
});

export type LaunchServerInput = z.infer<typeof launchServerInput>;
export type LaunchServerOutput = z.infer<typeof launchServerOutput>;
