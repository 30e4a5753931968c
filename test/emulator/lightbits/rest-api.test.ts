import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function call(method: string, path: string, body?: unknown, auth = true) {
  const res = await fetch(h.api.endpoints[1] + path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(auth && { Authorization: `Bearer ${h.cluster.jwt}` }),
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

describe('the emulated REST API v2 on the wire', () => {
  it('answers the driver create body with proto JSON: uint64 size as a string, enums as names', async () => {
    const created = await call('POST', '/api/v2/projects/default/volumes', {
      name: 'volume-1',
      size: '20 gib',
      replicaCount: '3',
      compression: 'False',
      acl: { values: ['ALLOW_NONE'] },
      IPAcl: { values: ['ALLOW_NONE'] },
      sourceSnapshotUUID: null,
      sourceSnapshotName: null,
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      name: 'volume-1',
      state: 'Creating',
      protectionState: 'FullyProtected',
      size: String(20 * 1024 ** 3),
      replicaCount: 3,
      compression: 'false',
      IPAcl: { values: ['ALLOW_NONE'] },
      ETag: expect.any(String),
    });
    expect(created.json).not.toHaveProperty('sourceSnapshotUUID');
    const again = await call('POST', '/api/v2/projects/default/volumes', {
      name: 'volume-1',
      size: '1 GiB',
      replicaCount: 1,
      acl: { values: [] },
    });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 6, error: expect.stringContaining('already exists') });
  });

  it('gets by name through the trailing-slash path, 404 when absent, and hides Deleting volumes from lists', async () => {
    await call('POST', '/api/v2/projects/default/volumes', {
      name: 'volume-2',
      size: '1 GiB',
      replicaCount: 1,
      acl: { values: [] },
    });
    await h.cluster.settled();
    const byName = await call('GET', '/api/v2/projects/default/volumes/?name=volume-2');
    expect(byName.json?.['name']).toBe('volume-2');
    expect((await call('GET', '/api/v2/projects/default/volumes/?name=volume-x')).status).toBe(404);

    h.cluster.pause();
    expect((await call('DELETE', `/api/v2/projects/default/volumes/${byName.json?.['UUID']}`)).json).toEqual({});
    expect((await call('GET', '/api/v2/projects/default/volumes/?name=volume-2')).json?.['state']).toBe('Deleting');
    expect((await call('GET', '/api/v2/projects/default/volumes')).json).toEqual({ volumes: [] });
    expect((await call('GET', '/api/v2/projects/default/volumes?showAll=true')).json?.['volumes']).toHaveLength(1);
    h.cluster.resume();
    await h.cluster.settled();
    expect((await call('GET', `/api/v2/projects/default/volumes/${byName.json?.['UUID']}`)).status).toBe(404);
  });

  it('answers 503 while a volume is still Creating, and 400 for unknown body fields', async () => {
    h.cluster.pause();
    const created = await call('POST', '/api/v2/projects/default/volumes', {
      name: 'v3',
      size: '1 GiB',
      replicaCount: 1,
      acl: { values: [] },
    });
    const busy = await call('PUT', `/api/v2/projects/default/volumes/${created.json?.['UUID']}`, { size: '2 GiB' });
    expect(busy.status).toBe(503);
    const bad = await call('POST', '/api/v2/projects/default/volumes', {
      name: 'v4',
      size: '1 GiB',
      replicaCount: 1,
      colour: 'blue',
    });
    expect(bad.status).toBe(400);
    expect(bad.json?.['message']).toContain('colour');
  });

  it('needs the JWT on known paths; unknown paths are a plain-text 404', async () => {
    const denied = await call('GET', '/api/v2/nodes', undefined, false);
    expect(denied.status).toBe(401);
    expect(denied.json).toMatchObject({ code: 16 });
    const unknown = await call('GET', '/api/v2/nowhere');
    expect(unknown).toMatchObject({ status: 404, text: 'Not Found\n' });
  });

  it('serves clusterinfo with the listeners as apiEndpoints and a snapshot lookup by Name', async () => {
    const info = await call('GET', '/api/v2/clusterinfo');
    expect(info.json?.['apiEndpoints']).toEqual(h.api.endpoints.map((e) => e.replace('http://', '')));
    expect((await call('GET', '/api/v2/projects/default/snapshots/?Name=nothing')).status).toBe(404);
    expect((await call('GET', '/api/v2/projects/default/snapshots/?name=nothing')).status).toBe(400);
  });
});

describe('a one-node emulated cluster', () => {
  it('gives a volume without replicaCount as many replicas as there are Active nodes', async () => {
    const one = await startHarness({ nodes: 1 });
    const vol = await one.client.createVolume({ name: 'solo', sizeBytes: 1024 ** 3, replicaCount: 1 });
    expect(vol.nodeList).toHaveLength(1);
    const res = await fetch(`${one.api.endpoints[0]}/api/v2/projects/default/volumes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${one.cluster.jwt}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'no-count', size: '1 GiB', acl: { values: ['ALLOW_NONE'] } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { replicaCount: number }).replicaCount).toBe(1);
    await one.close();
  });
});
