import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/mcp/identities.js';
import { blockops } from '../helpers/cli.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Served, startServe } from '../mcp/helpers/processes.js';

const TOKEN = 'hostile-token-4b1d0c2e9f8a7b6c5d4e3f2a1b0c9d8e';
const SESSION_CAP = 3;
const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, as an attacker would send it: any method, headers and bytes. */
function send(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...opts.headers },
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
    req.end(opts.body);
  });
}

/** A JSON-RPC error body, never an HTML page, a stack trace or a path on this machine. */
function expectRpcError(a: Answer, status: number, code: number) {
  expect(a.status, a.body).toBe(status);
  expect(String(a.headers['content-type'])).toMatch(/^application\/json/);
  expect(a.body).not.toMatch(/<html|<pre|\bat \S+ \(|node_modules|\/work\/|\.[jt]s:\d/i);
  const parsed = JSON.parse(a.body) as { jsonrpc: string; error: { code: number; message: string }; id: null };
  expect(parsed).toMatchObject({ jsonrpc: '2.0', id: null, error: { code } });
  expect(parsed.error.message.length).toBeGreaterThan(10);
  return parsed.error.message;
}

describe('blockops serve: MCP over HTTP under hostile requests', () => {
  let sb: Sandbox;
  let served: Served;
  let mcpUrl: string;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    sb = await sandbox('blockops-mcp-hostile-');
    const tokens = await sb.write('mcp-tokens.yaml', `- identity: prober\n  token_sha256: ${sha256Hex(TOKEN)}\n`);
    served = await startServe(
      sb.env({ BLOCKOPS_MCP_TOKENS: tokens, BLOCKOPS_MCP_SESSIONS_PER_IDENTITY: String(SESSION_CAP) }),
      sb.cwd,
    );
    mcpUrl = `${served.url}/mcp`;
  });
  afterAll(async () => {
    await served?.stop();
    await sb?.cleanup();
  });

  it('answers malformed JSON with a JSON-RPC parse error (-32700), not an HTML page with a stack', async () => {
    const msg = expectRpcError(
      await send(mcpUrl, { headers: auth, body: '{"jsonrpc": "2.0", "method": ' }),
      400,
      -32700,
    );
    expect(msg).toMatch(/not valid JSON/);
  });

  it('answers JSON that is not a JSON-RPC message with an invalid request error (-32600)', async () => {
    for (const body of ['{"hello": 1}', '[1, 2]', '[]', '{"jsonrpc": "1.0", "method": "x", "id": 1}']) {
      expectRpcError(await send(mcpUrl, { headers: auth, body }), 400, -32600);
    }
  });

  it('answers a body over the limit with 413 and a JSON-RPC error body', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(5 * 2 ** 20) } });
    const msg = expectRpcError(await send(mcpUrl, { headers: auth, body: big }), 413, -32600);
    expect(msg).toMatch(/4 MB/);
  });

  it('answers an unsupported charset or content encoding with JSON-RPC, not HTML', async () => {
    const charset = await send(mcpUrl, {
      headers: { ...auth, 'content-type': 'application/json; charset=iso-8859-1' },
      body: INIT,
    });
    expectRpcError(charset, 415, -32600);
    const gzip = await send(mcpUrl, { headers: { ...auth, 'content-encoding': 'br-x' }, body: INIT });
    expectRpcError(gzip, 415, -32600);
  });

  it('keeps at most the configured number of sessions per identity, closing the least recently used', async () => {
    const ids: string[] = [];
    for (let i = 0; i <= SESSION_CAP; i++) {
      const r = await send(mcpUrl, { headers: auth, body: INIT });
      expect(r.status, r.body).toBe(200);
      ids.push(String(r.headers['mcp-session-id']));
    }
    const ping = (id: string) =>
      send(mcpUrl, {
        headers: { ...auth, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
      });
    // The first was the oldest idle one: it was closed to make room; the newest ones still answer.
    expectRpcError(await ping(ids[0] as string), 404, -32001);
    for (const id of ids.slice(1)) expect((await ping(id)).status).toBe(200);
  });

  it('rate-limits unauthenticated requests per address: 429 with Retry-After, metrics exact', async () => {
    const metric = async (name: string) => {
      const text = await (await fetch(`${served.url}/metrics`)).text();
      return Number(new RegExp(`${name}\\{door="mcp"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    };
    const failuresBefore = await metric('blockops_http_auth_failures_total');
    const N = 300;
    const answers = await Promise.all(
      Array.from({ length: N }, () => send(mcpUrl, { headers: { authorization: 'Bearer nope' }, body: INIT })),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    expect(limited.length).toBeGreaterThan(N / 2);
    expect(Number(limited[0]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expectRpcError(limited[0] as Answer, 429, -32000);
    expect(await metric('blockops_http_auth_failures_total')).toBe(failuresBefore + N);
    expect(await metric('blockops_http_rate_limited_total')).toBe(limited.length);
    // A valid token from the same address still gets in.
    expect((await send(mcpUrl, { headers: auth, body: INIT })).status).toBe(200);
  });

  it('applies the Host allowlist to /metrics and /readyz too; /healthz answers any Host', async () => {
    const port = new URL(served.url).port;
    const evil = { host: `evil.example:${port}` };
    expect((await send(`${served.url}/metrics`, { method: 'GET', headers: evil })).status).toBe(403);
    expect((await send(`${served.url}/readyz`, { method: 'GET', headers: evil })).status).toBe(403);
    expect((await send(`${served.url}/healthz`, { method: 'GET', headers: evil })).status).toBe(200);
    expect((await send(`${served.url}/readyz`, { method: 'GET', headers: { host: `localhost:${port}` } })).status).toBe(
      200,
    );
  });

  it('after shutdown, the audit log holds few refusal records whose counts add up to every refusal', async () => {
    await served.stop();
    const r = await blockops(['query-audit', '--operation', 'mcp_auth', '--event', 'refused', '--json'], sb.env({}), {
      cwd: sb.cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const records = (JSON.parse(r.stdout) as { records: Array<{ details: { count: number } }> }).records;
    expect(records.length).toBeLessThanOrEqual(2);
    expect(records.reduce((n, rec) => n + rec.details.count, 0)).toBe(300);
  });
});
