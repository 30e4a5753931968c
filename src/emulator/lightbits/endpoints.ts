import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LightbitsCluster } from './cluster.js';
import { type ApiReply, route } from './routes.js';

export interface LightbitsEndpointsOptions {
  host: string;
  /**
   * One address per node, all on one port, as a real cluster and the Cinder driver see it (`lightos_api_address`
   * is a list of IP addresses, `lightos_api_port` one port): replaces host. The port is ports[0], or a free one.
   */
  hosts?: string[];
  /** One port per node; 0 or absent picks a free one. */
  ports?: number[];
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Sees every request and its answer, e.g. to record what a client really sends (the JWT is not passed on). */
  onExchange?: (exchange: LightbitsExchange) => void;
}

/** One request to node `node`'s listener and the answer it got. */
export interface LightbitsExchange {
  node: number;
  method: string;
  /** Path and query as sent. */
  url: string;
  /** Lower-case names; `authorization` shows only whether it was the cluster's JWT. */
  headers: Record<string, string>;
  body: string;
  status: number;
  reply: unknown;
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
  const nodes = cluster.state.nodes.length;
  if (opts.hosts && opts.hosts.length !== nodes) {
    throw new Error(`hosts names ${opts.hosts.length} addresses for ${nodes} Lightbits nodes`);
  }
  const hostOf = (i: number) => opts.hosts?.[i] ?? opts.host;
  const servers = cluster.state.nodes.map((_n, i) => createServer(cluster, i, opts));
  const ports: number[] = [];
  for (const [i, server] of servers.entries()) {
    const wanted = opts.hosts ? (ports[0] ?? opts.ports?.[0] ?? 0) : (opts.ports?.[i] ?? 0);
    ports.push(await listen(server, hostOf(i), wanted));
  }
  const hostPort = (i: number) => {
    const h = hostOf(i);
    return `${h.includes(':') ? `[${h}]` : h}:${ports[i]}`;
  };
  cluster.state.apiEndpoints = ports.map((_p, i) => hostPort(i));
  const down = new Set<number>();
  return {
    endpoints: ports.map((_p, i) => `${scheme}://${hostPort(i)}`),
    async setEndpointDown(i, isDown) {
      const server = servers[i];
      if (!server) throw new Error(`no Lightbits API endpoint ${i}; there are ${servers.length}`);
      if (isDown && !down.has(i)) {
        down.add(i);
        await stop(server);
      } else if (!isDown && down.has(i)) {
        await listen(server, hostOf(i), ports[i]!);
        down.delete(i);
      }
    },
    async close() {
      await Promise.all(servers.map((server, i) => (down.has(i) ? undefined : stop(server))));
      down.clear();
    },
  };
}

function createServer(cluster: LightbitsCluster, node: number, opts: LightbitsEndpointsOptions): http.Server {
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
      opts.onExchange?.(exchangeOf(node, req, Buffer.concat(chunks).toString('utf8'), out, cluster.jwt));
    });
  };
  const server = opts.https
    ? https.createServer({ key: opts.https.key, cert: opts.https.cert }, handler)
    : http.createServer(handler);
  // Cinder's driver sends `Expect:` empty (to keep curl from waiting for 100 Continue). Node answers any Expect
  // other than 100-continue with 417 itself; Go's net/http (grpc-gateway) ignores an empty one and 417s the rest.
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (String(req.headers.expect ?? '').trim() === '') handler(req, res);
    else res.writeHead(417, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Expectation Failed\n');
  });
  return server;
}

function exchangeOf(
  node: number,
  req: http.IncomingMessage,
  body: string,
  out: ApiReply,
  jwt: string,
): LightbitsExchange {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : v;
    headers[k] = k === 'authorization' ? (value === `Bearer ${jwt}` ? 'Bearer <the JWT>' : 'Bearer <another>') : value;
  }
  return {
    node,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers,
    body,
    status: out.status,
    reply: 'text' in out ? out.text : out.json,
  };
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
