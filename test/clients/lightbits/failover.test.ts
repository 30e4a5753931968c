import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { normalizeEndpoint } from '../../../src/clients/lightbits/endpoints.js';
import { LightbitsClient } from '../../../src/clients/lightbits/index.js';
import { type Canned, type FixtureServer, refusingEndpoint, startFixtureServer } from './fixture-server.js';
import { volumeJson } from './samples.js';

const JWT = 'secret-jwt-value';
const servers: FixtureServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(respond: () => Canned): Promise<FixtureServer> {
  const s = await startFixtureServer(respond);
  servers.push(s);
  return s;
}

const ok = () => ({ status: 200, json: { nodes: [] } });
const client = (endpoints: string[], startIndex?: number) =>
  new LightbitsClient({
    endpoints,
    jwt: JWT,
    project: 'default',
    timeoutMs: 5000,
    ...(startIndex !== undefined && { startIndex }),
  });

describe('Lightbits endpoint walk', () => {
  it('moves on when the first endpoint refuses connections, and remembers who answered', async () => {
    const dead = await refusingEndpoint();
    const live = await serve(ok);
    const c = client([dead, live.url], 0);
    expect(c.activeEndpoint).toBe('');
    await c.listNodes();
    expect(c.activeEndpoint).toBe(live.url);
    expect(live.requests).toHaveLength(1);
  });

  it('answers whichever endpoint it starts from at random', async () => {
    const dead = await refusingEndpoint();
    const live = await serve(ok);
    for (let i = 0; i < 6; i++) await client([dead, live.url]).listNodes();
    expect(live.requests).toHaveLength(6);
  });

  it('gives up with one ApiError naming every endpoint tried when none answers', async () => {
    const a = await refusingEndpoint();
    const b = await refusingEndpoint();
    const err = await client([a, b], 1)
      .listNodes()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(0);
    expect(e.service).toBe('lightbits');
    expect(e.message).toContain(`${b} (connection refused)`);
    expect(e.message).toContain(`${a} (connection refused)`);
    expect(e.message.indexOf(b)).toBeLessThan(e.message.indexOf(a));
    expect(e.message).toMatch(/Check the configured Lightbits API addresses/);
    expect(e.message).not.toContain(JWT);
  });

  it('does not try other endpoints after a 401', async () => {
    const deny = () => ({
      status: 401,
      json: { error: 'authentication failed', code: 16, message: 'authentication failed' },
    });
    const a = await serve(deny);
    const b = await serve(deny);
    const err = await client([a.url, b.url])
      .listNodes()
      .catch((e: unknown) => e);
    expect((err as ApiError).status).toBe(401);
    expect(a.requests.length + b.requests.length).toBe(1);
  });

  it('retries a read elsewhere on 503 and starts the next call at the endpoint that answered', async () => {
    const busy = await serve(() => ({ status: 503, json: { error: 'unavailable', code: 14, message: 'unavailable' } }));
    const live = await serve(ok);
    const c = client([busy.url, live.url], 0);
    await c.listNodes();
    await c.listNodes();
    expect(busy.requests).toHaveLength(1);
    expect(live.requests).toHaveLength(2);
  });

  it('does not repeat a POST elsewhere after a 500: the volume may already exist', async () => {
    const broken = await serve(() => ({ status: 500, json: { error: 'internal', code: 13, message: 'internal' } }));
    const live = await serve(() => ({ status: 200, json: volumeJson() }));
    const err = await client([broken.url, live.url], 0)
      .createVolume({ name: 'v', sizeBytes: 1024 ** 3 })
      .catch((e: unknown) => e);
    expect((err as ApiError).status).toBe(500);
    expect(live.requests).toHaveLength(0);
  });

  it('sends a POST to the next endpoint when the first refused the connection (nothing was sent)', async () => {
    const dead = await refusingEndpoint();
    const live = await serve(() => ({ status: 200, json: volumeJson() }));
    const vol = await client([dead, live.url], 0).createVolume({ name: 'v', sizeBytes: 1024 ** 3 });
    expect(vol.uuid).toBe('48dbbe54-1548-4444-866e-6438d4877e5f');
    expect(live.requests).toHaveLength(1);
  });
});

describe('normalizeEndpoint', () => {
  it('assumes HTTPS for host:port like the driver and keeps explicit URLs', () => {
    expect(normalizeEndpoint('10.0.0.1:443')).toBe('https://10.0.0.1:443');
    expect(normalizeEndpoint('[fd00::1]:443')).toBe('https://[fd00::1]:443');
    expect(normalizeEndpoint(' http://127.0.0.1:8080/ ')).toBe('http://127.0.0.1:8080');
    expect(() => normalizeEndpoint('ftp://x')).toThrow(/http:\/\/ or https:\/\//);
  });

  it('refuses a client without endpoints', () => {
    expect(() => client([])).toThrow(/no Lightbits API endpoints configured/);
  });
});
