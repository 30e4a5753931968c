import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightbitsClient } from '../../../src/clients/lightbits/index.js';
import { checkLightbits } from '../../../src/core/health/lightbits-check.js';

/**
 * A Lightbits API whose JWT may not read GET /api/v2/cluster (it needs cluster-admin): health must fall back to
 * clusterinfo and to counting the project's volumes, page by page, over 10,000 of them.
 */
const VOLUMES = Array.from({ length: 10_000 }, (_, i) => ({
  UUID: `v-${String(i).padStart(5, '0')}`,
  name: `volume-${i}`,
  protectionState: i % 1000 === 0 ? 'Degraded' : i === 7 ? 'ReadOnly' : 'FullyProtected',
}));

let server: http.Server;
let endpoint: string;
const pagesServed: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/v2/cluster') return send(403, { code: 7, message: 'permission denied' });
    if (url.pathname === '/api/v2/clusterinfo') return send(200, { UUID: 'c-1', subsystemNQN: 'nqn.x' });
    if (url.pathname === '/api/v2/nodes') return send(200, { nodes: [{ UUID: 'n-1', name: 'lb-1', state: 'Active' }] });
    if (url.pathname === '/api/v2/projects/p/volumes') {
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const offset = url.searchParams.get('offsetUUID');
      const start = offset ? VOLUMES.findIndex((v) => v.UUID === offset) + 1 : 0;
      pagesServed.push(start);
      return send(200, { volumes: VOLUMES.slice(start, start + limit) });
    }
    send(404, { message: 'not found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('checkLightbits without cluster-admin rights', () => {
  it('falls back to clusterinfo and counts the project volumes by listing them', async () => {
    const lb = new LightbitsClient({ endpoints: [endpoint], jwt: 'not-admin', project: 'p' });
    const h = await checkLightbits(lb);
    expect(h.status).toBe('ok');
    expect(h.errors).toEqual([]);
    expect(h.message).toMatch(/cluster-admin only.*project p only/);
    expect(h.cluster).toMatchObject({ uuid: 'c-1', subsystem_nqn: 'nqn.x' });
    expect(h.capacity).toBeUndefined();
    expect(h.volumes).toEqual({
      not_fully_protected: 11,
      degraded: 10,
      read_only: 1,
      not_available: 0,
      fully_protected: 9989,
      source: 'volume_list',
      project: 'p',
    });
    expect(pagesServed).toHaveLength(11); // ten full pages of 1000, then the empty one that ends the listing
    expect(h.nodes).toEqual([{ name: 'lb-1', uuid: 'n-1', state: 'Active', healthy: true }]);
    expect(h.api_endpoint).toBe(endpoint);
  });
});
