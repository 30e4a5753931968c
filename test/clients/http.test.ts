import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/clients/api-error.js';
import { createHttp } from '../../src/clients/http.js';
import { collectRequests } from '../../src/clients/request-ids.js';

let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/flaky') {
      res.writeHead(503, { 'x-openstack-request-id': `req-flaky-${hits}` }).end('{"message":"busy"}');
      return;
    }
    if (req.url === '/nope') {
      res
        .writeHead(404, { 'content-type': 'application/json', 'x-compute-request-id': 'req-404' })
        .end('{"itemNotFound": {"code": 404, "message": "Volume x could not be found."}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'X-Openstack-Request-Id': 'req-ok' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('createHttp', () => {
  it('records every exchange with its request id, for the audit log', async () => {
    const http = createHttp({ service: 'glance', baseURL: base, retries: 0 });
    const { requests } = await collectRequests(() => http.get('/images'));
    expect(requests).toEqual([
      { service: 'glance', method: 'GET', url: `${base}/images`, status: 200, requestId: 'req-ok' },
    ]);
  });

  it("turns an error into an ApiError with the service's own message and request id", async () => {
    const http = createHttp({ service: 'cinder', baseURL: base, retries: 0 });
    const err = await http.get('/nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, requestId: 'req-404', serviceMessage: 'Volume x could not be found.' });
  });

  it('retries a GET on 503 but never a POST', async () => {
    const http = createHttp({ service: 'nova', baseURL: base, retries: 2, retryDelayMs: 1 });
    hits = 0;
    await http.get('/flaky').catch(() => {});
    expect(hits).toBe(3);
    hits = 0;
    await http.post('/flaky', { server: {} }).catch(() => {});
    expect(hits).toBe(1);
  });

  it('keeps tokens and passwords out of the error and its cause', async () => {
    const http = createHttp({
      service: 'keystone',
      baseURL: base,
      retries: 0,
      headers: { 'X-Auth-Token': 'tok-SECRET' },
    });
    const err = await http
      .post('/nope', { auth: { password: 'pw-SECRET' } }, { headers: { Authorization: 'Bearer jwt-SECRET' } })
      .catch((e: unknown) => e);
    const dump = inspect(err, { depth: 10 }) + JSON.stringify(err);
    expect(dump).not.toMatch(/SECRET/);
  });
});
