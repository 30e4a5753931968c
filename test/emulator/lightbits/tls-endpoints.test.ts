import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../src/emulator/index.js';
import {
  createLightbitsCluster,
  type LightbitsCluster,
  type LightbitsEndpoints,
  type LightbitsExchange,
  makeSelfSignedCert,
  startLightbitsEndpoints,
} from '../../../src/emulator/lightbits/index.js';

// As Cinder's driver reaches a cluster: one port, one address per node, HTTPS verified against the certificate.
let dir: string;
let cluster: LightbitsCluster;
let api: LightbitsEndpoints;
let ca: Buffer;
const seen: LightbitsExchange[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lb-tls-'));
  const tls = await makeSelfSignedCert(dir, ['127.0.0.1', '127.0.0.2']);
  ca = tls.cert;
  cluster = createLightbitsCluster({ nodes: 2, speed: 0 });
  api = await startLightbitsEndpoints(cluster, {
    host: '127.0.0.1',
    hosts: ['127.0.0.1', '127.0.0.2'],
    https: { key: tls.key, cert: tls.cert },
    onExchange: (e) => seen.push(e),
  });
});
afterAll(async () => {
  cluster.dispose();
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

function get(url: string, headers: Record<string, string>, trust: Buffer = ca) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.request(url, { ca: trust, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the Lightbits API over HTTPS on one port, one address per node', () => {
  it('serves every node on the same port, each address in the certificate, the key kept private', async () => {
    expect(api.endpoints).toHaveLength(2);
    const ports = api.endpoints.map((e) => new URL(e).port);
    expect(ports[0]).toBe(ports[1]);
    expect(api.endpoints.map((e) => new URL(e).hostname)).toEqual(['127.0.0.1', '127.0.0.2']);
    for (const e of api.endpoints) {
      const r = await get(`${e}/api/v2/clusterinfo`, { Authorization: `Bearer ${cluster.jwt}` });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ apiEndpoints: api.endpoints.map((u) => new URL(u).host) });
    }
    expect((await stat(join(dir, 'key.pem'))).mode & 0o077).toBe(0);
  });

  it("answers the driver's empty Expect header (Go ignores it; Node alone would say 417), but not other values", async () => {
    const auth = { Authorization: `Bearer ${cluster.jwt}` };
    expect((await get(`${api.endpoints[1]}/api/v2/nodes`, { ...auth, Expect: '' })).status).toBe(200);
    expect((await get(`${api.endpoints[1]}/api/v2/nodes`, { ...auth, Expect: 'something' })).status).toBe(417);
  });

  it('records each exchange without the JWT', async () => {
    await get(`${api.endpoints[0]}/api/v2/nodes`, { Authorization: `Bearer ${cluster.jwt}` });
    await get(`${api.endpoints[0]}/api/v2/nodes`, { Authorization: 'Bearer wrong' });
    const last = seen.slice(-2);
    expect(last.map((e) => [e.status, e.headers['authorization']])).toEqual([
      [200, 'Bearer <the JWT>'],
      [401, 'Bearer <another>'],
    ]);
    expect(JSON.stringify(seen)).not.toContain(cluster.jwt);
  });
});

describe('the whole emulator with lightbitsTlsDir (blockops sim --lightbits-tls)', () => {
  it('serves its Lightbits API over HTTPS and names the certificate for LIGHTBITS_CACERT', async () => {
    const tlsDir = join(dir, 'sim');
    const emu = await startEmulator({ speed: 0, lightbitsTlsDir: tlsDir });
    try {
      expect(emu.lightbits.caFile).toBe(join(tlsDir, 'cert.pem'));
      expect(emu.lightbits.endpoints.every((e) => e.startsWith('https://127.0.0.1:'))).toBe(true);
      const auth = { Authorization: `Bearer ${emu.lightbits.jwt}` };
      const r = await get(`${emu.lightbits.endpoints[0]}/api/v2/nodes`, auth, await readFile(emu.lightbits.caFile!));
      expect(r.status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
