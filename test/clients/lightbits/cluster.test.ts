import { afterEach, describe, expect, it } from 'vitest';
import { LightbitsClient } from '../../../src/clients/lightbits/index.js';
import { type Canned, type FixtureServer, type Recorded, startFixtureServer } from './fixture-server.js';
import { NODE_1, NODE_2, nodeJson } from './samples.js';

let server: FixtureServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientAnswering(respond: (r: Recorded) => Canned, jwt = 'jwt-1') {
  server = await startFixtureServer(respond);
  return {
    client: new LightbitsClient({ endpoints: [server.url], jwt, project: 'default' }),
    requests: server.requests,
  };
}

describe('LightbitsClient cluster and nodes', () => {
  it('reads clusterinfo', async () => {
    const { client, requests } = await clientAnswering(() => ({
      status: 200,
      json: { UUID: 'c-1', subsystemNQN: 'nqn.2014-08.org.nvmexpress:NVMf:uuid:x', apiEndpoints: ['10.0.0.1:443'] },
    }));
    const info = await client.clusterInfo();
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/v2/clusterinfo' });
    expect(requests[0]?.headers.authorization).toBe('Bearer jwt-1');
    expect(info).toMatchObject({ uuid: 'c-1', subsystemNqn: 'nqn.2014-08.org.nvmexpress:NVMf:uuid:x' });
    expect(info.apiEndpoints).toEqual(['10.0.0.1:443']);
    expect(info.nvmeEndpoints).toEqual([]);
  });

  it('turns the uint64 statistics strings of GET /api/v2/cluster into numbers', async () => {
    const { client, requests } = await clientAnswering(() => ({
      status: 200,
      json: {
        UUID: 'c-1',
        subsystemNQN: 'nqn.x',
        statistics: { effectivePhysicalStorage: '995903488000000', freePhysicalStorage: '12', compressionRatio: 1.5 },
        health: { state: 'Warning', numDegradedVolumes: 4, numInactiveNodes: 1 },
      },
    }));
    const c = await client.cluster();
    expect(requests[0]?.url).toBe('/api/v2/cluster');
    expect(c.statistics).toEqual({
      effectivePhysicalStorage: 995903488000000,
      freePhysicalStorage: 12,
      compressionRatio: 1.5,
    });
    expect(c.health).toMatchObject({
      state: 'Warning',
      numDegradedVolumes: 4,
      numReadOnlyVolumes: 0,
      numInactiveNodes: 1,
    });
  });

  it('lists nodes and gets one by UUID; an absent state reads as Unknown', async () => {
    const { client, requests } = await clientAnswering((r) =>
      r.url === '/api/v2/nodes'
        ? {
            status: 200,
            json: { nodes: [nodeJson(NODE_1, 'server00-0'), { UUID: NODE_2, nvmeEndpoint: '10.0.0.2:4420' }] },
          }
        : { status: 200, json: nodeJson(NODE_1, 'server00-0', 'Inactive') },
    );
    const nodes = await client.listNodes();
    expect(nodes.map((n) => [n.name, n.state])).toEqual([
      ['server00-0', 'Active'],
      [undefined, 'Unknown'],
    ]);
    const one = await client.getNode(NODE_1);
    expect(requests[1]?.url).toBe(`/api/v2/nodes/${NODE_1}`);
    expect(one.state).toBe('Inactive');
  });

  it('queries events with since/limit and keeps the timestamps', async () => {
    const { client, requests } = await clientAnswering(() => ({
      status: 200,
      json: {
        events: [
          {
            ID: 'e-1',
            Time: '2024-05-01T10:00:00Z',
            Type: 'Node',
            Severity: 'High',
            EventName: 'NodeInactive',
            ComponentNodeInfo: { ID: NODE_1, Name: 'server00-0' },
          },
        ],
        nextToken: 'e-2',
      },
    }));
    const page = await client.listEvents({ since: '2024-05-01T00:00:00.000Z', limit: 1 });
    expect(requests[0]?.url).toBe('/api/v2/events?since=2024-05-01T00%3A00%3A00.000Z&limit=1');
    expect(page.nextToken).toBe('e-2');
    expect(page.events[0]).toMatchObject({ id: 'e-1', time: '2024-05-01T10:00:00Z', type: 'Node', nodeUuid: NODE_1 });
  });

  it('sends no Authorization header when no JWT is configured (multi-tenancy disabled)', async () => {
    const { client, requests } = await clientAnswering(() => ({ status: 200, json: { nodes: [] } }), '');
    await client.listNodes();
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });
});
