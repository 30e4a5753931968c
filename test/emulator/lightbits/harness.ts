import { LightbitsClient } from '../../../src/clients/lightbits/index.js';
import {
  createLightbitsCluster,
  type LightbitsCluster,
  type LightbitsEndpoints,
  startLightbitsEndpoints,
} from '../../../src/emulator/lightbits/index.js';

export interface Harness {
  cluster: LightbitsCluster;
  api: LightbitsEndpoints;
  client: LightbitsClient;
  close(): Promise<void>;
}

/** An emulated cluster at speed 0 (immediate, still asynchronous) served on 127.0.0.1, and a client for it. */
export async function startHarness(opts: { nodes?: number } = {}): Promise<Harness> {
  const cluster = createLightbitsCluster({ nodes: opts.nodes ?? 3, speed: 0 });
  const api = await startLightbitsEndpoints(cluster, { host: '127.0.0.1' });
  const client = new LightbitsClient({
    endpoints: api.endpoints,
    jwt: cluster.jwt,
    project: cluster.project,
    startIndex: 0,
  });
  return {
    cluster,
    api,
    client,
    async close() {
      cluster.dispose();
      await api.close();
    },
  };
}

/** Polls until check returns a value (the driver's wait loops do the same against the real API). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
