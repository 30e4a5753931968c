import { startLightbitsLink } from './lightbits-link.js';
import { type RunningEmulator, startOpenStack } from './openstack.js';
import { decodeSaved } from './saved.js';
import type { ExtraSeed } from './seed/index.js';

export type { EmulatorSummary, FaultController } from './fault-controller.js';
export type { HttpFaultInput } from './faults.js';
export type { EmulatorCreds, RunningEmulator } from './openstack.js';
export type { ExtraSeed } from './seed/index.js';

export interface EmulatorOptions {
  host?: string;
  /** Port of the OpenStack APIs (0 or absent: a free one). */
  port?: number;
  /** One port per Lightbits node API (absent: free ones). */
  lightbitsPorts?: number[];
  /** Serve the Lightbits API over HTTPS, with a self-signed certificate made at start in this directory. */
  lightbitsTlsDir?: string;
  /** Lightbits storage nodes (default 3). */
  nodes?: number;
  /** Scales every realistic delay: 1 realistic, 0 none (transitions still asynchronous and observable in order). */
  speed?: number;
  /** Seed data beyond the standard seed (admin, demo, flavors, networks, cirros…), added before it answers. */
  seed?: ExtraSeed;
  /** `lightos:num_replicas` of the volume type (default: 3, or the node count when fewer). */
  replicas?: number;
  /** A state `save()` gave (then no seed): the same cloud again, on new ports. */
  saved?: Buffer | undefined;
  /** Where uploaded image bytes live and stay (default: a temporary folder removed on close). */
  dataDir?: string | undefined;
  /** Secret that `GET /_emulator/instance?nonce=` proves knowledge of (HMAC), for discovery by other processes. */
  instanceKey?: string | undefined;
}

/** The Lightbits project the OpenStack side's volume type points at (`lightos:project_name`). */
const LIGHTBITS_PROJECT = 'openstack';

/**
 * Starts the whole emulated cloud on loopback: Keystone, Glance (Cinder store), Cinder, Nova and Neutron on one
 * port under devstack-like prefixes, and a Lightbits cluster with one API listener per node.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const speed = opts.speed ?? 1;
  const saved = opts.saved ? decodeSaved(opts.saved) : undefined;
  const link = await startLightbitsLink({
    saved: saved?.lightbits,
    host,
    ports: opts.lightbitsPorts,
    tlsDir: opts.lightbitsTlsDir,
    nodes: opts.nodes,
    speed,
    project: LIGHTBITS_PROJECT,
  });
  let running: RunningEmulator;
  try {
    running = await startOpenStack({
      host,
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      speed,
      ...(opts.seed ? { seed: opts.seed } : {}),
      lightbits: link,
      replicas: Math.min(opts.replicas ?? 3, opts.nodes ?? 3),
      saved: saved?.openstack,
      dataDir: opts.dataDir,
      instanceKey: opts.instanceKey,
    });
  } catch (err) {
    await link.close();
    throw err;
  }
  const closeOpenStack = running.close;
  return {
    ...running,
    async close() {
      await closeOpenStack();
      await link.close();
    },
  };
}
