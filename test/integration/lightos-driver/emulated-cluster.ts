import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createLightbitsCluster,
  type LightbitsCluster,
  type LightbitsEndpoints,
  type LightbitsExchange,
  makeSelfSignedCert,
  startLightbitsEndpoints,
} from '../../../src/emulator/lightbits/index.js';

/**
 * One address per node on one port, as Cinder's driver takes them (lightos_api_address is a list of IP addresses,
 * lightos_api_port one port). 127.0.18.x: the whole of 127/8 is loopback, and no other test listens there.
 */
export const DRIVER_HOSTS = ['127.0.18.1', '127.0.18.2', '127.0.18.3'];
export const DRIVER_PORT = 18443;
export const DRIVER_PROJECT = 'openstack-box';

export interface ClusterForDriver {
  cluster: LightbitsCluster;
  api: LightbitsEndpoints;
  certPath: string;
  /** Every request the clients sent, with its answer, in order. */
  exchanges: LightbitsExchange[];
  close(): Promise<void>;
}

/**
 * The emulated Lightbits cluster the box's Cinder driver talks to: HTTPS with a certificate made now (in
 * dir/tls/cert.pem), realistic pacing (the driver polls states as on a real cluster), every exchange recorded.
 */
export async function startClusterForDriver(dir: string): Promise<ClusterForDriver> {
  const tls = await makeSelfSignedCert(join(dir, 'tls'), DRIVER_HOSTS);
  const cluster = createLightbitsCluster({ nodes: DRIVER_HOSTS.length, speed: 1, project: DRIVER_PROJECT });
  const exchanges: LightbitsExchange[] = [];
  const api = await startLightbitsEndpoints(cluster, {
    host: DRIVER_HOSTS[0] as string,
    hosts: DRIVER_HOSTS,
    ports: [DRIVER_PORT],
    https: { key: tls.key, cert: tls.cert },
    onExchange: (e) => exchanges.push(e),
  });
  return {
    cluster,
    api,
    certPath: tls.certPath,
    exchanges,
    async close() {
      cluster.dispose();
      await api.close();
    },
  };
}

/** Enables the box's backend lightbits-real-driver against this cluster (read by openstack-box.sh's box_configs). */
export async function writeBackendEnv(boxDir: string, c: ClusterForDriver): Promise<void> {
  const dir = join(boxDir, 'lightos');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'backend.env');
  const lines = [
    `LIGHTOS_API_ADDRESS=${DRIVER_HOSTS.join(',')}`,
    `LIGHTOS_API_PORT=${DRIVER_PORT}`,
    `LIGHTOS_JWT=${c.cluster.jwt}`,
    `LIGHTOS_CACERT=${c.certPath}`,
    'LIGHTOS_REPLICAS=3',
  ];
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

export async function removeBackendEnv(boxDir: string): Promise<void> {
  await rm(join(boxDir, 'lightos', 'backend.env'), { force: true });
}
