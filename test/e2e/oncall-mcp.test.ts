import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/mcp/identities.js';
import { until } from '../helpers/approved.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { bulkSeed } from '../helpers/emulator-seed.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Connected, connectHttp } from '../mcp/helpers/clients.js';
import { type Served, startServe } from '../mcp/helpers/processes.js';

const TOKEN = 'oncall-viewer-token-0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** An assistant subscribed over MCP (Streamable HTTP, the SDK's client) to a real `blockops serve`'s incidents. */
describe('MCP subscriptions to on-call incidents', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let served: Served;
  let conn: Connected;
  const updated: string[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0, nodes: 3, replicas: 2, seed: bulkSeed({ servers: 4 }) });
    sb = await sandbox('blockops-oncall-mcp-');
    const tokens = await sb.write(
      'tokens.yaml',
      `- identity: oncall-assistant\n  token_sha256: ${sha256Hex(TOKEN)}\n  read_only: true\n`,
    );
    served = await startServe(
      sb.env({ ...emulatorEnv(emu), BLOCKOPS_MCP_TOKENS: tokens, BLOCKOPS_WATCH_INTERVAL: '1' }),
      sb.cwd,
    );
    conn = await connectHttp(`${served.url}/mcp`, TOKEN);
    conn.client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => {
      updated.push(n.params.uri);
    });
  }, 60_000);
  afterAll(async () => {
    await conn?.close();
    await served?.stop();
    await emu?.close();
    await sb?.cleanup();
  });

  const read = async (uri: string) => {
    const got = await conn.client.readResource({ uri });
    return JSON.parse((got.contents[0] as { text: string }).text);
  };

  it('offers subscriptions, and refuses one to anything but the incidents', async () => {
    expect(conn.client.getServerCapabilities()?.resources?.subscribe).toBe(true);
    await expect(conn.client.subscribeResource({ uri: 'blockops://health' })).rejects.toThrow(
      /Only blockops:\/\/incidents/,
    );
  });

  it('tells a subscriber when an incident opens, and the resource shows it', async () => {
    await conn.client.subscribeResource({ uri: 'blockops://incidents' });
    expect((await read('blockops://incidents')).incidents).toEqual([]);
    await emu.faults.failLightbitsNode(2);
    await until(
      async () => updated.length,
      (n) => n > 0,
      10_000,
    );
    expect(updated).toContain('blockops://incidents');
    const [incident] = (await read('blockops://incidents')).incidents;
    expect(incident).toMatchObject({ status: 'open', key: 'lightbits', title: 'Lightbits node server02-0 Inactive' });
  });

  it('tells a subscriber of one incident when it resolves', async () => {
    const [incident] = (await read('blockops://incidents')).incidents;
    const uri = `blockops://incidents/${incident.id}`;
    await conn.client.subscribeResource({ uri });
    updated.length = 0;
    await emu.faults.restoreLightbitsNode(2);
    await until(
      async () => updated.filter((u) => u === uri).length,
      (n) => n > 0,
      10_000,
    );
    const done = await read(uri);
    expect(done).toMatchObject({ id: incident.id, status: 'resolved' });
    expect(done.timeline.at(-1).text).toMatch(/^Resolved after/);
  });
});
