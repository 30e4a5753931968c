import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { hasShared, SKIP_REASON } from '../helpers/shared.js';
import { call, field, login, pollUntil, rawBytes } from './client.js';
import type { Run } from './fixture-run.js';
import { identitySamples, imageSamples } from './sample-cases-identity-image.js';
import { computeSamples, volumeSamples } from './sample-cases-volume-compute.js';
import { REAL, readJsonFile, SAMPLES } from './sample-run.js';
import { volumePath } from './scenario.js';
import { unionDiff } from './shape.js';

const CASES = [...identitySamples, ...imageSamples, ...volumeSamples, ...computeSamples];
/** Calls the api-ref documents that this Zed-level cloud does not serve, with why. */
const NOT_SERVED = {
  'image/locations-list-detail-response.json':
    'GET /v2/images/{id}/locations came with Glance API 2.17; Zed serves 2.15',
};
const REQUEST_ONLY = ['image/image-import-w-d-request.json', 'volume/volume-readonly-update-request.json'];

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? jsonFiles(join(dir, e.name))
      : e.name.endsWith('.json')
        ? [relative(SAMPLES, join(dir, e.name))]
        : [],
  );
}

// Reads ../shared/fixtures: skipped when that folder is absent (SKIP_REASON), never otherwise.
describe.skipIf(!hasShared)(`the emulator agrees with the api-ref samples (${SKIP_REASON} → skip)`, () => {
  const run = { ids: {} } as Run;
  let web: Server | undefined;

  beforeAll(async () => {
    run.emu = await startEmulator({ speed: 0 });
    run.admin = await login(run.emu, 'admin');
    run.member = await login(run.emu, 'member');
    const images = await call(run.emu, 'GET', '/image/v2/images?name=cirros', { token: run.admin });
    run.ids['cirros'] = (field(images, 'images') as { id: string }[])[0]?.id ?? '';
    const nets = await call(run.emu, 'GET', '/network/v2.0/networks?name=private', { token: run.admin });
    run.ids['privateNet'] = (field(nets, 'networks') as { id: string }[])[0]?.id ?? '';
  });
  afterAll(async () => {
    await run.emu?.close();
    await new Promise((r) => (web ? web.close(r) : r(undefined)));
  });

  it('covers every api-ref sample', () => {
    const covered = new Set([
      ...CASES.flatMap((c) => [c.sample, ...(c.request ? [c.request] : [])]),
      ...Object.keys(NOT_SERVED),
      ...REQUEST_ONLY,
    ]);
    expect(jsonFiles(SAMPLES).filter((f) => !covered.has(f))).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.sample}: HTTP ${c.status}, every key documented with its type`, async () => {
      const request = c.request ? (readJsonFile(join(SAMPLES, c.request)) as Record<string, unknown>) : {};
      const reply = await c.run(run, request);
      expect(reply.status, reply.text).toBe(c.status);
      const sample = readJsonFile(join(SAMPLES, c.sample));
      const real = c.real ? readJsonFile(join(REAL, c.real)) : undefined;
      expect(unionDiff(sample, real, reply.json, { notServed: c.notServed ?? {}, freeForm: c.freeForm ?? [] })).toEqual(
        [],
      );
    });
  }

  it('image/locations-list-detail-response.json: not served at Glance 2.15 (404)', async () => {
    const reply = await call(run.emu, 'GET', `/image/v2/images/${run.ids['cirros']}/locations`, { token: run.admin });
    expect(reply.status).toBe(404);
  });

  it('image/image-import-w-d-request.json: web-download from a local URL imports the image', async () => {
    const bytes = rawBytes(2 * 1024 * 1024);
    web = createServer((_req, res) => res.end(bytes));
    await new Promise<void>((r) => web?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/disk.img`;
    const created = await call(run.emu, 'POST', '/image/v2/images', {
      token: run.admin,
      body: { name: 'imported', disk_format: 'raw', container_format: 'bare' },
    });
    const imageId = field(created, 'id') as string;
    const req = readJsonFile(join(SAMPLES, 'image/image-import-w-d-request.json')) as {
      method: Record<string, unknown>;
    };
    const body = { ...req, method: { ...req.method, uri: url } };
    const reply = await call(run.emu, 'POST', `/image/v2/images/${imageId}/import`, { token: run.admin, body });
    expect(reply.status, reply.text).toBe(202);
    const seen = await pollUntil(
      async () =>
        field(await call(run.emu, 'GET', `/image/v2/images/${imageId}`, { token: run.admin }), 'status') as string,
      (s) => s === 'active' || s === 'queued',
    );
    expect(seen).toEqual(['importing', 'active']);
    const shown = await call(run.emu, 'GET', `/image/v2/images/${imageId}`, { token: run.admin });
    expect(field(shown, 'size')).toBe(bytes.length);
    expect(field(shown, 'stores')).toBe('cinder');
  });

  it('volume/volume-readonly-update-request.json: marks the volume read-only', async () => {
    const created = await call(run.emu, 'POST', volumePath(run.emu), {
      token: run.admin,
      body: { volume: { size: 1 } },
    });
    const volId = field(created, 'volume', 'id') as string;
    const body = readJsonFile(join(SAMPLES, 'volume/volume-readonly-update-request.json'));
    const reply = await call(run.emu, 'POST', `${volumePath(run.emu)}/${volId}/action`, { token: run.admin, body });
    expect(reply.status).toBe(202);
    const shown = await call(run.emu, 'GET', `${volumePath(run.emu)}/${volId}`, { token: run.admin });
    expect(field(shown, 'volume', 'metadata')).toEqual({ readonly: 'True' });
  });
});
