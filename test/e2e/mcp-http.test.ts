import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/mcp/identities.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { connectHttp } from '../mcp/helpers/clients.js';
import { type Served, startServe } from '../mcp/helpers/processes.js';

const OPERATOR_TOKEN = 'op-token-4b1d0c2e9f8a7b6c5d4e3f2a1b0c9d8e';
const VIEWER_TOKEN = 'viewer-token-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const WRONG_TOKEN = 'wrong-token-ffffffffffffffffffffffffffffffff';
const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

/**
 * The tools each identity gets under the default policy, written out so that adding, removing or renaming a tool
 * fails here until these lists say so too: a read-only identity gets the reads, an operator the writes as well.
 */
const READ_TOOLS = [
  'assess_images',
  'get_blast_radius',
  'get_failover_status',
  'get_health',
  'get_image',
  'get_incident',
  'get_request',
  'get_volume',
  'list_images',
  'list_incidents',
  'list_requests',
  'list_servers',
  'list_volumes',
  'query_audit',
  'verify_image',
];
/** Not approve_request or deny_request: only people decide requests, so assistants are not offered them. */
const WRITE_TOOLS = ['adopt_image', 'boot_server', 'cancel_request', 'clone_image', 'launch_server', 'upload_image'];

/** A raw POST, so the test controls every header (fetch will not let it set Host). */
function post(url: string, headers: Record<string, string>, body: unknown = INIT) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('blockops serve: MCP over Streamable HTTP', () => {
  let sb: Sandbox;
  let served: Served;
  let mcpUrl: string;

  beforeAll(async () => {
    sb = await sandbox('blockops-mcp-');
    const tokens = await sb.write(
      'mcp-tokens.yaml',
      `- identity: http-operator\n  token_sha256: ${sha256Hex(OPERATOR_TOKEN)}\n` +
        `- identity: http-viewer\n  token_sha256: ${sha256Hex(VIEWER_TOKEN)}\n  read_only: true\n`,
    );
    served = await startServe(sb.env({ BLOCKOPS_MCP_TOKENS: tokens }), sb.cwd);
    mcpUrl = `${served.url}/mcp`;
  });
  afterAll(async () => {
    await served?.stop();
    await sb?.cleanup();
  });

  it('refuses a request without a token, or with a wrong one: 401 with WWW-Authenticate: Bearer', async () => {
    const none = await post(mcpUrl, {});
    expect(none.status).toBe(401);
    expect(String(none.headers['www-authenticate'])).toMatch(/^Bearer /);
    const wrong = await post(mcpUrl, { authorization: `Bearer ${WRONG_TOKEN}` });
    expect(wrong.status).toBe(401);
    expect(String(wrong.headers['www-authenticate'])).toContain('error="invalid_token"');
    expect(wrong.body).not.toContain(WRONG_TOKEN);
  });

  it('refuses a Host or Origin that is not on the allowlist (DNS rebinding), even with a good token', async () => {
    const port = new URL(served.url).port;
    const auth = { authorization: `Bearer ${OPERATOR_TOKEN}` };
    expect((await post(mcpUrl, { ...auth, host: `evil.example:${port}` })).status).toBe(403);
    expect((await post(mcpUrl, { ...auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(mcpUrl, { ...auth, host: `localhost:${port}` })).status).toBe(200);
  });

  it('signs a token in as its identity, with the tools that identity may use', async () => {
    const op = await connectHttp(mcpUrl, OPERATOR_TOKEN);
    try {
      const names = (await op.client.listTools()).tools.map((t) => t.name);
      expect(names.sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS].sort());
      const r = await op.client.callTool({ name: 'list_images', arguments: {} });
      expect((r.structuredContent as { images: Array<{ name: string }> }).images.map((i) => i.name)).toContain(
        'cirros',
      );
      const pending = await op.client.callTool({ name: 'clone_image', arguments: { image: 'cirros' } });
      expect(pending.structuredContent).toMatchObject({ status: 'pending_approval' });
      const id = (pending.structuredContent as { request_id: string }).request_id;
      const view = await op.client.callTool({ name: 'get_request', arguments: { request_id: id } });
      expect(view.structuredContent).toMatchObject({ requester: 'http-operator', requested_via: 'mcp' });
    } finally {
      await op.close();
    }
    const viewer = await connectHttp(mcpUrl, VIEWER_TOKEN);
    try {
      const tools = (await viewer.client.listTools()).tools;
      expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const { resources } = await viewer.client.listResources();
      expect(resources.map((r) => r.uri).sort()).toEqual([
        'blockops://audit/recent',
        'blockops://health',
        'blockops://incidents',
        'blockops://requests/pending',
      ]);
    } finally {
      await viewer.close();
    }
  });

  it('audits and counts refused sign-ins without token material', async () => {
    const op = await connectHttp(mcpUrl, OPERATOR_TOKEN);
    try {
      const r = await op.client.callTool({
        name: 'query_audit',
        arguments: { operation: 'mcp_auth', event: 'refused' },
      });
      const records = (r.structuredContent as { records: Array<Record<string, unknown>> }).records;
      expect(records.length).toBeGreaterThanOrEqual(2);
      expect(records[0]).toMatchObject({ actor: 'anonymous', via: 'mcp', event: 'refused', operation: 'mcp_auth' });
      expect(JSON.stringify(records)).not.toContain(WRONG_TOKEN);
    } finally {
      await op.close();
    }
    const metrics = await (await fetch(`${served.url}/metrics`)).text();
    const m = /blockops_http_auth_failures_total\{door="mcp"\} (\d+)/.exec(metrics);
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/blockops_operations_total\{operation="list_images",via="mcp",outcome="succeeded"\} \d/);
  });
});
