import { randomUUID } from 'node:crypto';
import { createLightbitsCluster, makeSelfSignedCert, startLightbitsEndpoints } from './lightbits/index.js';
import type { LightbitsLink } from './runtime.js';

export interface LightbitsLinkOptions {
  host: string;
  ports?: number[] | undefined;
  nodes?: number | undefined;
  speed: number;
  project: string;
  /** A saved cluster to start from: its data and JWT. */
  saved?: { data: Record<string, unknown>; jwt: string } | undefined;
  /** Serve the Lightbits API over HTTPS with a certificate made now in this directory (cert.pem, key.pem). */
  tlsDir?: string | undefined;
}

/** Starts the emulated Lightbits cluster and its per-node API listeners, seen from the OpenStack side. */
export async function startLightbitsLink(opts: LightbitsLinkOptions): Promise<LightbitsLink> {
  const cluster = createLightbitsCluster({
    nodes: opts.nodes ?? 3,
    speed: opts.speed,
    project: opts.project,
    ...(opts.saved ? { data: opts.saved.data, jwt: opts.saved.jwt } : {}),
  });
  const tls = opts.tlsDir ? await makeSelfSignedCert(opts.tlsDir, [opts.host]) : undefined;
  const api = await startLightbitsEndpoints(cluster, {
    host: opts.host,
    ...(opts.ports ? { ports: opts.ports } : {}),
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  });
  return {
    ...(tls ? { caFile: tls.certPath } : {}),
    backend: cluster.backend,
    project: cluster.project,
    jwt: cluster.jwt,
    endpoints: api.endpoints,
    failNode: (n) => cluster.failNode(n),
    restoreNode: (n) => cluster.restoreNode(n),
    setEndpointDown: (i, down) => api.setEndpointDown(i, down),
    settled: () => cluster.settled(),
    exportData: () => cluster.state.exportData(),
    seedVolumes(entries) {
      // Bulk seed (10,000 volumes) without a delayed create each; the cluster's own seedVolumes cannot take names.
      const s = cluster.state;
      const now = new Date().toISOString();
      for (const e of entries) {
        s.projects.add(e.project);
        const nodeList = s.place(Math.min(e.replicaCount, s.nodes.length));
        s.addVolume({
          uuid: randomUUID(),
          name: e.name,
          project: e.project,
          state: 'Available',
          replicaCount: nodeList.length,
          nodeList,
          primary: nodeList[0] as string,
          nsid: s.allocateNsid(),
          acl: ['ALLOW_NONE'],
          ipAcl: ['ALLOW_ANY'],
          compression: false,
          sizeBytes: e.sizeBytes,
          writtenBytes: 0,
          etag: 1,
          creationTime: now,
        });
      }
    },
    async close() {
      cluster.dispose();
      await api.close();
    },
  };
}
