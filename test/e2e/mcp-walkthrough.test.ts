import { join } from 'node:path';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { makeRawImage } from '../helpers/images.js';
import { openPolicy, type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Connected, connectStdio } from '../mcp/helpers/clients.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads deep JSON
type Json = Record<string, any>;

/*
 * The seed walkthrough as an assistant would do it, over stdio against the real CLI. The emulator runs in this
 * test process (so the test can fail a storage node) and the spawned blockops reaches it through OS_* / LIGHTBITS_*.
 */
describe('MCP walkthrough: upload → verify → clone → boot → failover', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let conn: Connected;
  let rawFile: string;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-mcp-');
    rawFile = join(sb.imagesDir, 'walk.raw');
    makeRawImage(rawFile, 2 * 1024 * 1024);
    const policy = await sb.writePolicy(openPolicy());
    conn = await connectStdio(
      sb.env({ ...emulatorEnv(emu), BLOCKOPS_POLICY: policy, BLOCKOPS_MCP_IDENTITY: 'walker' }),
    );
  });
  afterAll(async () => {
    await conn?.close();
    await emu?.close();
    await sb?.cleanup();
  });

  const call = async (name: string, args: Json, onprogress?: (p: Progress) => void) => {
    const r = await conn.client.callTool({ name, arguments: args }, undefined, { onprogress, timeout: 120_000 });
    if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
    return r.structuredContent as Json;
  };

  it('runs the walkthrough and names the serving node after a node failure', async () => {
    const progress: Progress[] = [];
    const up = await call('upload_image', { source: rawFile, name: 'walk-raw', disk_format: 'raw' }, (p) =>
      progress.push(p),
    );
    expect(up['status']).toBe('succeeded');
    const imageId = up['result']['image_id'] as string;
    expect(up['result']).toMatchObject({ status: 'active', detected_format: 'raw', checksums_match: true });
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]?.progress).toBeGreaterThan(progress[i - 1]?.progress ?? 0);
    expect(progress.every((p) => typeof p.message === 'string')).toBe(true);

    const verified = await call('verify_image', { image: imageId });
    expect(verified['verdict']).toBe('block-native');

    const cloned = await call('clone_image', { image: imageId, name: 'walk-vol' });
    expect(cloned['result']).toMatchObject({ path: 'block-clone', status: 'available' });
    const volumeId = cloned['result']['volume_id'] as string;

    const booted = await call('boot_server', { volume: volumeId, flavor: 'm1.tiny', network: 'none', name: 'walk-vm' });
    expect(booted['result']['status']).toBe('ACTIVE');
    const serverId = booted['result']['server_id'] as string;

    const before = await call('get_failover_status', { server: serverId });
    const serving = before['volumes'][0]['lightbits']['serving_node'] as Json;
    expect(serving['uuid']).toBeTruthy();

    await emu.faults.failLightbitsNode(serving['uuid'] as string);
    let after: Json = before;
    for (let i = 0; i < 50; i++) {
      after = await call('get_failover_status', { server: serverId });
      if (after['volumes'][0]['lightbits']['serving_node']?.['uuid'] !== serving['uuid']) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const lb = after['volumes'][0]['lightbits'] as Json;
    expect(lb['serving_node']['uuid']).not.toBe(serving['uuid']);
    expect(lb['serving_node']['name']).toMatch(/\S/);
    expect(lb['failed_nodes']).toContain(serving['name']);
    expect(after['verdict']).not.toBe('healthy');

    // The same data as resources.
    const server = await conn.client.readResource({ uri: `blockops://servers/${serverId}` });
    expect(JSON.parse((server.contents[0] as { text: string }).text)).toMatchObject({
      target: { kind: 'server', id: serverId },
    });
    const volume = await conn.client.readResource({ uri: `blockops://volumes/${volumeId}` });
    expect(JSON.parse((volume.contents[0] as { text: string }).text)).toMatchObject({
      volume_id: volumeId,
      name: 'walk-vol',
    });
  });
});
