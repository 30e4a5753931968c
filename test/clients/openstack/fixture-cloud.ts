import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect } from 'vitest';
import {
  createOpenStack,
  type OpenStack,
  type OpenStackConnectionOptions,
} from '../../../src/clients/openstack/index.js';
import { rewrite, tokenBody, type Urls, versionDoc } from './cloud-docs.js';
import { captured } from './real-fixtures.js';

export type ServiceKey = keyof Urls;
const SERVICES: ServiceKey[] = ['keystone', 'glance', 'cinder', 'nova', 'neutron'];

/** One request as the fixture cloud saw it, for assertions on what the client sent. */
export interface Received {
  service: ServiceKey;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the request said so, else the text; undefined for streamed routes. */
  body: unknown;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Handler = (req: Received, incoming: IncomingMessage) => Reply | Promise<Reply>;
interface Route {
  service: ServiceKey;
  method: string;
  path: string | RegExp;
  handler: Handler;
  stream: boolean;
}

const UNAUTHORIZED = {
  error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' },
};

/** Keystone, Glance, Cinder, Nova and Neutron on five loopback ports, answering what each test registers. */
export class FixtureCloud {
  readonly requests: Received[] = [];
  readonly unexpected: Received[] = [];
  readonly validTokens = new Set<string>();
  tokenTtlMs = 3_600_000;
  tokensIssued = 0;
  urls = {} as Urls;
  private readonly routes: Route[] = [];
  private readonly servers: Server[] = [];

  static async start(): Promise<FixtureCloud> {
    const cloud = new FixtureCloud();
    for (const service of SERVICES) {
      const server = createServer((req, res) => void cloud.handle(service, req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cloud.servers.push(server);
      cloud.urls[service] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    cloud.installDefaults();
    return cloud;
  }

  /** Password auth as admin/Default scoped to project admin, no retries (tests count requests). */
  options(extra: Partial<OpenStackConnectionOptions> = {}): OpenStackConnectionOptions {
    return {
      authUrl: `${this.urls.keystone}/v3`,
      auth: { type: 'password', username: 'admin', password: 'secret-pw', userDomainName: 'Default' },
      project: { name: 'admin', domainName: 'Default' },
      retries: 0,
      ...extra,
    };
  }

  /** Later routes win, so a test can override a default. A Reply object is served as is. */
  on(service: ServiceKey, method: string, path: string | RegExp, reply: Handler | Reply, opts = { stream: false }) {
    const handler = typeof reply === 'function' ? reply : () => reply;
    this.routes.unshift({ service, method, path, handler, stream: opts.stream });
  }

  /** Serves a captured real response (status, headers and body, URLs pointing at this cloud). */
  onCaptured(service: ServiceKey, method: string, path: string | RegExp, file: string) {
    this.on(service, method, path, () => this.capturedReply(file));
  }

  capturedReply(file: string): Reply {
    const c = captured(file);
    const text = rewrite(c.text, this.urls);
    return { status: c.status, headers: c.headers, body: text.trim() === 'null' ? undefined : JSON.parse(text) };
  }

  sent(service: ServiceKey, method?: string): Received[] {
    return this.requests.filter((r) => r.service === service && (!method || r.method === method));
  }

  /**
   * What every request to a service must carry, whatever the test: a token, the microversion header on Cinder and
   * Nova (none elsewhere), and a JSON content type on JSON bodies.
   */
  assertWellFormed(): void {
    for (const r of this.requests.filter((x) => x.service !== 'keystone' && x.path !== '/')) {
      const where = `${r.service} ${r.method} ${r.path}`;
      if (!r.headers['x-auth-token']) throw new Error(`${where} had no X-Auth-Token`);
      const mv = r.headers['openstack-api-version'];
      const wanted = { cinder: /^volume 3\.\d+$/, nova: /^compute 2\.\d+$/ }[r.service as 'cinder' | 'nova'];
      if (wanted ? !wanted.test(String(mv)) : mv !== undefined) throw new Error(`${where} had microversion ${mv}`);
      if (r.body !== undefined && typeof r.body === 'object' && !/json/.test(String(r.headers['content-type']))) {
        throw new Error(`${where} sent JSON as ${r.headers['content-type']}`);
      }
    }
  }

  async close(): Promise<void> {
    for (const s of this.servers) s.closeAllConnections();
    await Promise.all(this.servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }

  private installDefaults() {
    this.on('keystone', 'POST', '/v3/auth/tokens', (req) => {
      const pw = (req.body as { auth?: { identity?: { password?: { user?: { password?: string } } } } }).auth?.identity
        ?.password?.user?.password;
      if (pw === 'wrong') return this.capturedOr('identity/auth-tokens-wrong-password.json', 401, UNAUTHORIZED);
      const token = `tok-${++this.tokensIssued}`;
      this.validTokens.add(token);
      const headers = {
        'Content-Type': 'application/json',
        'X-Subject-Token': token,
        'x-openstack-request-id': `req-auth-${token}`,
      };
      return { status: 201, headers, body: tokenBody(this.urls, new Date(Date.now() + this.tokenTtlMs)) };
    });
    this.on('keystone', 'GET', '/', () => {
      const d = versionDoc('keystone', this.urls);
      return { status: d.status, headers: { Location: `${this.urls.keystone}/v3/` }, body: d.body };
    });
    this.on('cinder', 'GET', '/', () => versionDoc('cinder', this.urls));
    this.on('nova', 'GET', '/', () => versionDoc('nova', this.urls));
  }

  private capturedOr(file: string, status: number, body: unknown): Reply {
    try {
      return this.capturedReply(file);
    } catch {
      return { status, body };
    }
  }

  private async handle(service: ServiceKey, req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const received: Received = {
      service,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: undefined,
    };
    const route = this.routes.find(
      (r) =>
        r.service === service &&
        r.method === received.method &&
        (typeof r.path === 'string' ? r.path === received.path : r.path.test(received.path)),
    );
    if (!route?.stream) received.body = await readBody(req);
    this.requests.push(received);
    let reply: Reply;
    if (!route) {
      this.unexpected.push(received);
      reply = { status: 501, body: { error: `no fixture for ${service} ${received.method} ${received.path}` } };
    } else if (
      service !== 'keystone' &&
      received.path !== '/' &&
      !this.validTokens.has(String(req.headers['x-auth-token']))
    ) {
      req.resume();
      reply =
        service === 'glance'
          ? this.capturedOr('image/images-list-bad-token.json', 401, UNAUTHORIZED)
          : { status: 401, body: UNAUTHORIZED };
    } else reply = await route.handler(received, req);
    const headers = { ...reply.headers };
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    if (payload && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
      headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers).end(payload);
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  return /json/.test(String(req.headers['content-type'])) ? JSON.parse(text) : text;
}

/**
 * Per test: a fresh fixture cloud and a client on it (handed to `bind`); after each test no unexpected or
 * malformed request may have reached it.
 */
export function useFixtureCloud(bind: (cloud: FixtureCloud, os: OpenStack) => void): void {
  let cloud: FixtureCloud;
  beforeEach(async () => {
    cloud = await FixtureCloud.start();
    bind(cloud, createOpenStack(cloud.options()));
  });
  afterEach(async () => {
    expect(cloud.unexpected).toEqual([]);
    cloud.assertWellFormed();
    await cloud.close();
  });
}
