import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LightbitsCluster } from './cluster.js';
import { type ApiReply, route } from './routes.js';

export interface LightbitsEndpointsOptions {
  host: string;
  /** One port per node; 0 or absent picks a free one. */
  ports?: number[];
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  https?: { key: string | Buffer; cert: string | Buffer };
}

export interface LightbitsEndpoints {
  /** Base URLs, one per node, e.g. `http://127.0.0.1:40123`. */
  endpoints: string[];
  /** Closes node i's API listener (connections are refused) or opens it again on the same port. */
  setEndpointDown(i: number, down: boolean): Promise<void>;
  close(): Promise<void>;
}

/** One API listener per node (the node's API address), all answering from the same cluster state. */
export async function startLightbitsEndpoints(
  cluster: LightbitsCluster,
  opts: LightbitsEndpointsOptions,
): Promise<LightbitsEndpoints> {
  const scheme = opts.https ? 'https' : 'http';
  const servers = cluster.state.nodes.map(() => createServer(cluster, opts));
  const ports: number[] = [];
  for (const [i, server] of servers.entries()) ports.push(await listen(server, opts.host, opts.ports?.[i] ?? 0));
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  cluster.state.apiEndpoints = ports.map((p) => `${host}:${p}`);
  const down = new Set<number>();
  return {
    endpoints: ports.map((p) => `${scheme}://${host}:${p}`),
    async setEndpointDown(i, isDown) {
      const server = servers[i];
      if (!server) throw new Error(`no Lightbits API endpoint ${i}; there are ${servers.length}`);
      if (isDown && !down.has(i)) {
        down.add(i);
        await stop(server);
      } else if (!isDown && down.has(i)) {
        await listen(server, opts.host, ports[i]!);
        down.delete(i);
      }
    },
    async close() {
      await Promise.all(servers.map((server, i) => (down.has(i) ? undefined : stop(server))));
      down.clear();
    },
  };
}

function createServer(cluster: LightbitsCluster, opts: LightbitsEndpointsOptions): http.Server {
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://lightbits');
      let out: ApiReply;
      try {
        out = route(cluster.state, cluster.jwt, req.headers.authorization, {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body: Buffer.concat(chunks).toString('utf8'),
          ifMatch: req.headers['if-match'],
        });
      } catch (err) {
        out = { status: 500, json: { error: String(err), code: 13, message: String(err), details: [] } };
      }
      send(res, out);
    });
  };
  return opts.https
    ? https.createServer({ key: opts.https.key, cert: opts.https.cert }, handler)
    : http.createServer(handler);
}

function send(res: http.ServerResponse, out: ApiReply): void {
  if ('text' in out) {
    res.writeHead(out.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(out.text);
    return;
  }
  // grpc-gateway v1 forwards the gRPC response metadata with this prefix.
  res
    .writeHead(out.status, { 'Content-Type': 'application/json', 'Grpc-Metadata-Content-Type': 'application/grpc' })
    .end(JSON.stringify(out.json));
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting and drops kept-alive connections, so clients see refused connections at once. */
function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
