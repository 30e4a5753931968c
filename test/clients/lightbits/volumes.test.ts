import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { LightbitsClient } from '../../../src/clients/lightbits/index.js';
import { type Canned, type FixtureServer, type Recorded, startFixtureServer } from './fixture-server.js';
import { NODE_2, snapshotJson, volumeJson } from './samples.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
const GiB = 1024 ** 3;
let server: FixtureServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientAnswering(respond: (r: Recorded) => Canned, project = 'default') {
  server = await startFixtureServer(respond);
  const client = new LightbitsClient({ endpoints: [server.url], jwt: JWT, project, startIndex: 0 });
  return { client, requests: server.requests };
}

function expectJsonRequest(r: Recorded | undefined, method: string, url: string): Record<string, unknown> {
  expect(r?.method).toBe(method);
  expect(r?.url).toBe(url);
  expect(r?.headers.authorization).toBe(`Bearer ${JWT}`);
  expect(r?.headers.accept).toContain('application/json');
  expect(r?.headers['content-type']).toContain('application/json');
  return JSON.parse(r!.body) as Record<string, unknown>;
}

describe('LightbitsClient volumes', () => {
  it('creates a clone the way the Cinder driver does and normalizes the answer', async () => {
    const { client, requests } = await clientAnswering(() => ({
      status: 200,
      json: volumeJson({ state: 'Creating' }),
    }));
    const vol = await client.createVolume({
      name: 'volume-6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
      sizeBytes: 20 * GiB,
      replicaCount: 3,
      sourceSnapshotName: 'for_clone_6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
    });
    const body = expectJsonRequest(requests[0], 'POST', '/api/v2/projects/default/volumes');
    expect(body).toEqual({
      name: 'volume-6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
      size: '20 GiB',
      replicaCount: 3,
      compression: 'false',
      acl: { values: ['ALLOW_NONE'] },
      IPAcl: { values: ['ALLOW_ANY'] },
      sourceSnapshotUUID: null,
      sourceSnapshotName: 'for_clone_6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
    });
    expect(vol).toMatchObject({
      uuid: '48dbbe54-1548-4444-866e-6438d4877e5f',
      state: 'Creating',
      protectionState: 'FullyProtected',
      sizeBytes: 20 * GiB,
      primaryNodeUuid: NODE_2,
      etag: '7',
      compression: false,
      acl: ['ALLOW_NONE'],
      ipAcl: ['ALLOW_ANY'],
      labels: { owner: 'blockops' },
      logicalUsedBytes: GiB,
    });
  });

  it('finds a volume by name with the driver path, and answers undefined on 404', async () => {
    const { client, requests } = await clientAnswering((r) =>
      r.url.includes('missing')
        ? { status: 404, json: { error: 'not found', code: 5, message: 'not found' } }
        : { status: 200, json: volumeJson() },
    );
    const found = await client.findVolumeByName('volume-abc', 'proj-1');
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url).toBe('/api/v2/projects/proj-1/volumes/?name=volume-abc');
    expect(requests[0]?.headers['content-type']).toBeUndefined();
    expect(found?.name).toBe('volume-6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e');
    expect(await client.findVolumeByName('missing')).toBeUndefined();
  });

  it('updates ACLs with If-Match and extends with {UUID, size}', async () => {
    const { client, requests } = await clientAnswering(() => ({ status: 200, json: {} }));
    await client.updateVolume('vol-1', { acl: ['nqn.host-1'], ipAcl: ['10.0.0.5'] }, '7');
    expect(expectJsonRequest(requests[0], 'PUT', '/api/v2/projects/default/volumes/vol-1')).toEqual({
      acl: { values: ['nqn.host-1'] },
      IPAcl: { values: ['10.0.0.5'] },
    });
    expect(requests[0]?.headers['if-match']).toBe('7');
    await client.extendVolume('vol-1', 30 * GiB, '8');
    expect(expectJsonRequest(requests[1], 'PUT', '/api/v2/projects/default/volumes/vol-1')).toEqual({
      UUID: 'vol-1',
      size: '30 GiB',
    });
    expect(requests[1]?.headers['if-match']).toBe('8');
    await client.extendVolume('vol-1', 40 * GiB);
    expect(requests[2]?.headers['if-match']).toBeUndefined();
  });

  it('deletes without a body', async () => {
    const { client, requests } = await clientAnswering(() => ({ status: 200, json: {} }));
    await client.deleteVolume('vol-1', 'proj-2');
    expect(requests[0]).toMatchObject({ method: 'DELETE', url: '/api/v2/projects/proj-2/volumes/vol-1', body: '' });
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${JWT}`);
  });

  it('lists volumes page by page with limit and offsetUUID', async () => {
    const firstPage = Array.from({ length: 1000 }, (_, i) => volumeJson({ UUID: `u-${i}`, name: `v-${i}` }));
    const { client, requests } = await clientAnswering((r) =>
      r.url.includes('offsetUUID')
        ? { status: 200, json: { volumes: [volumeJson({ UUID: 'last' })] } }
        : { status: 200, json: { volumes: firstPage } },
    );
    const all = await client.listVolumes();
    expect(all).toHaveLength(1001);
    expect(requests.map((r) => r.url)).toEqual([
      '/api/v2/projects/default/volumes?limit=1000',
      '/api/v2/projects/default/volumes?limit=1000&offsetUUID=u-999',
    ]);
  });

  it('treats an absent list as empty (proto3 JSON leaves empty repeated fields out)', async () => {
    const { client } = await clientAnswering(() => ({ status: 200, json: {} }));
    expect(await client.listVolumes()).toEqual([]);
  });

  it('reports an ETag mismatch as ApiError 412 with the service message and no JWT anywhere', async () => {
    const { client } = await clientAnswering(() => ({
      status: 412,
      json: { error: 'Etag mismatch', code: 9, message: 'Etag mismatch', details: [] },
    }));
    const err = await client.updateVolume('vol-1', { acl: ['x'] }, 'stale').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(412);
    expect((err as ApiError).message).toContain('Etag mismatch');
    expect((err as ApiError).cause).toBeUndefined();
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toContain(JWT);
  });

  it('rejects an answer that is not a volume with a clear ApiError', async () => {
    const { client } = await clientAnswering(() => ({ status: 200, json: { volumes: 'nope' } }));
    const err = await client.getVolume('vol-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/unexpected answer \(UUID: /);
  });
});

describe('LightbitsClient snapshots', () => {
  it('creates the intermediate clone snapshot by source volume name', async () => {
    const { client, requests } = await clientAnswering(() => ({
      status: 200,
      json: snapshotJson({ state: 'Creating' }),
    }));
    const snap = await client.createSnapshot({
      name: 'for_clone_0f0e0d0c-0000-4000-8000-00000000000a',
      sourceVolumeName: 'volume-6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
    });
    expect(expectJsonRequest(requests[0], 'POST', '/api/v2/projects/default/snapshots')).toEqual({
      name: 'for_clone_0f0e0d0c-0000-4000-8000-00000000000a',
      sourceVolumeUUID: null,
      sourceVolumeName: 'volume-6f1d0a7e-2b0a-4c43-9d2e-1f2a3b4c5d6e',
    });
    expect(snap).toMatchObject({
      state: 'Creating',
      sizeBytes: 20 * GiB,
      sourceVolumeUuid: '48dbbe54-1548-4444-866e-6438d4877e5f',
    });
  });

  it('finds a snapshot with ?Name= (capital N) and deletes by UUID', async () => {
    const { client, requests } = await clientAnswering((r) =>
      r.method === 'DELETE' ? { status: 200, json: {} } : { status: 200, json: snapshotJson() },
    );
    const snap = await client.findSnapshotByName('for_clone_x');
    expect(requests[0]?.url).toBe('/api/v2/projects/default/snapshots/?Name=for_clone_x');
    await client.deleteSnapshot(snap!.uuid);
    expect(requests[1]).toMatchObject({ method: 'DELETE', url: `/api/v2/projects/default/snapshots/${snap!.uuid}` });
  });
});
