import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from '../helpers/cli.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Connected, connectStdio, texts } from '../mcp/helpers/clients.js';

type Json = Record<string, unknown>;

/**
 * Every tool `blockops mcp` offers by default (default policy, not read-only): one per operation an assistant can
 * use, so not approve_request or deny_request (only people decide). Written out, so adding, removing or renaming a
 * tool fails here until this list says so too.
 */
const TOOLS = [
  'adopt_image',
  'assess_images',
  'boot_server',
  'cancel_request',
  'clone_image',
  'get_blast_radius',
  'get_failover_status',
  'get_health',
  'get_image',
  'get_incident',
  'get_request',
  'get_volume',
  'launch_server',
  'list_images',
  'list_incidents',
  'list_requests',
  'list_servers',
  'list_volumes',
  'query_audit',
  'upload_image',
  'verify_image',
];

/** Every prompt, one per prompts/*.md. */
const PROMPTS = ['launch-vm', 'onboard-image', 'triage-failover'];

describe('blockops mcp over stdio (built-in emulator)', () => {
  let sb: Sandbox;
  let conn: Connected;

  beforeAll(async () => {
    sb = await sandbox('blockops-mcp-');
    conn = await connectStdio(sb.env({ BLOCKOPS_MCP_IDENTITY: 'e2e-assistant' }));
  });
  afterAll(async () => {
    await conn?.close();
    await sb?.cleanup();
  });

  it('lists one tool per operation, with titles, annotations and schemas', async () => {
    const { tools } = await conn.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    for (const t of tools) expect(t.title, t.name).toBeTruthy();
    expect(byName['list_images']?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(byName['launch_server']?.annotations).toMatchObject({
      readOnlyHint: false,
      idempotentHint: false,
      destructiveHint: false,
    });
    const launch = byName['launch_server'];
    const props = launch?.inputSchema.properties as Json;
    expect(Object.keys(props)).toEqual(expect.arrayContaining(['image', 'size_gb', 'flavor', 'name', 'wait_seconds']));
    expect(launch?.inputSchema.required).toEqual(expect.arrayContaining(['image', 'flavor', 'name']));
    expect(launch?.outputSchema?.properties?.['status']).toMatchObject({
      enum: ['succeeded', 'pending_approval'],
    });
    expect(Object.keys(byName['list_images']?.outputSchema?.properties ?? {})).toContain('images');
    expect(byName['get_request']?.inputSchema.properties).not.toHaveProperty('wait_seconds');
  });

  it('says on stderr that it runs on the built-in emulator', () => {
    expect(conn.stderr()).toMatch(/built-in emulator/);
  });

  it('assesses the fleet over MCP as structured output', async () => {
    const r = await conn.client.callTool({ name: 'assess_images', arguments: {} });
    expect(r.isError).toBeFalsy();
    const out = r.structuredContent as { summary: { images: number; ready: number }; images: Array<Json> };
    expect(out.summary.ready).toBeGreaterThanOrEqual(1);
    expect(out.images.find((i) => i['name'] === 'cirros')).toMatchObject({
      predicted_path: 'block-clone',
      route: 'ready',
    });
    expect(texts(r)).toMatch(/ready for block clones/);
  });

  it('answers a tool call with structuredContent and a summary', async () => {
    const r = await conn.client.callTool({ name: 'list_images', arguments: {} });
    expect(r.isError).toBeFalsy();
    const images = (r.structuredContent as { images: Array<{ name: string }> }).images;
    expect(images.map((i) => i.name)).toContain('cirros');
    expect(texts(r)).toMatch(/^list_images: /);
  });

  it('returns an unknown image as an isError result that says what to do next', async () => {
    const r = await conn.client.callTool({ name: 'get_image', arguments: { image: 'no-such-image' } });
    expect(r.isError).toBe(true);
    expect(texts(r)).toMatch(/get_image failed: \S*NOT_FOUND/);
    expect(texts(r)).toMatch(/blockops: .*list_images/);
    expect(texts(r)).not.toMatch(/\n\s+at /);
  });

  it('lists every prompt and renders each with its arguments', async () => {
    const { prompts } = await conn.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(PROMPTS);
    for (const p of prompts) {
      const args = Object.fromEntries(
        (p.arguments ?? []).filter((a) => a.required).map((a) => [a.name, `my-${a.name}`]),
      );
      const got = await conn.client.getPrompt({ name: p.name, arguments: args });
      const text = got.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
      for (const v of Object.values(args)) expect(text, p.name).toContain(v);
      expect(text).not.toMatch(/\{\{/);
    }
  });

  it('lists every resource and template and reads them as JSON', async () => {
    const { resources } = await conn.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([
      'blockops://audit/recent',
      'blockops://health',
      'blockops://incidents',
      'blockops://requests/pending',
    ]);
    for (const r of resources) {
      const got = await conn.client.readResource({ uri: r.uri });
      const c = got.contents[0] as { mimeType?: string; text: string };
      expect(c.mimeType).toBe('application/json');
      expect(() => JSON.parse(c.text)).not.toThrow();
    }
    const { resourceTemplates } = await conn.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'blockops://images/{id}',
      'blockops://incidents/{id}',
      'blockops://servers/{id}',
      'blockops://volumes/{id}',
    ]);
    const image = await conn.client.readResource({ uri: 'blockops://images/cirros' });
    expect(JSON.parse((image.contents[0] as { text: string }).text)).toMatchObject({ name: 'cirros' });
    await expect(conn.client.readResource({ uri: 'blockops://servers/no-such-server' })).rejects.toThrow(/NOT_FOUND/);
  });
});

describe('stdout of blockops mcp', () => {
  it('carries nothing but JSON-RPC messages, even while the emulator starts', async () => {
    const sb = await sandbox('blockops-mcp-');
    const child = spawn(process.execPath, [MAIN, 'mcp'], {
      env: sb.env(),
      cwd: sb.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const lines: string[] = [];
    const answered = new Set<number>();
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answers; stderr:\n${stderr}`)), 30_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        const id = (JSON.parse(line) as { id?: number }).id;
        if (typeof id === 'number') answered.add(id);
        if (answered.has(2) && answered.has(3)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const send = (m: Json) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
    });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
    send({ id: 3, method: 'tools/call', params: { name: 'list_images', arguments: {} } });
    await done;
    child.stdin.end();
    await new Promise((r) => child.once('close', r));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const msg = JSON.parse(line) as Json;
      expect(msg['jsonrpc']).toBe('2.0');
      expect('result' in msg || 'error' in msg || 'method' in msg).toBe(true);
    }
    expect(stderr).toMatch(/built-in emulator/);
    await sb.cleanup();
  });
});

describe('blockops mcp over stdio with a setting it cannot start with', () => {
  it('completes the handshake, then answers the held tools/list with the reason instead of leaving it open', async () => {
    const sb = await sandbox('blockops-mcp-bad-');
    const conn = await connectStdio(
      sb.env({ BLOCKOPS_MCP_IDENTITY: 'e2e-assistant', BLOCKOPS_LAUNCH_CONCURRENCY: '0' }),
    );
    try {
      const err = await conn.client.listTools().catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/blockops mcp could not start: .*BLOCKOPS_LAUNCH_CONCURRENCY/);
    } finally {
      await conn.close();
      await sb.cleanup();
    }
  });
});
