import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import { sha256Hex } from '../src/mcp/identities.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { type Figure, printFigures } from './figures.js';

const TOKEN = 'bench-sessions-token-0123456789abcdef0123456789';
const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } },
});

/** The built CLI: BENCH_BLOCKOPS_CLI (e.g. an older build, for a before/after figure), else this checkout's dist/. */
function builtCli(): string {
  if (process.env['BENCH_BLOCKOPS_CLI']) return process.env['BENCH_BLOCKOPS_CLI'];
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist/main.js');
}

function startServe(cli: string, env: Record<string, string>, cwd: string) {
  return new Promise<{ child: ChildProcess; url: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, BLOCKOPS_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`blockops serve did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`blockops serve exited with ${code}:\n${out}`)));
  });
}

/** Opens one session, as a client that never closes it would (initialize, then nothing). */
function initialize(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/mcp`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${TOKEN}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(INIT);
  });
}

/** Resident memory and V8 heap in use of a serve process, from its own /metrics, after a moment to settle. */
async function memoryMb(url: string): Promise<{ rss: number; heap: number }> {
  await new Promise((r) => setTimeout(r, 2000));
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN) / 2 ** 20;
  return { rss: read('blockops_process_resident_memory_bytes'), heap: read('blockops_nodejs_heap_size_used_bytes') };
}

/**
 * Memory per MCP session: three `blockops serve` processes on one emulator, started in the same run. One opens
 * no session (the baseline); one opens `sessions` sessions with one token under a cap high enough never to apply;
 * one under the default cap (20 per identity). Printed as MB and as a ratio to the baseline, never asserted.
 */
export async function benchMcpSessions(opts: { sessions?: number } = {}): Promise<Figure[]> {
  const sessions = opts.sessions ?? 3000;
  const cli = builtCli();
  const emu = await startEmulator({ speed: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-sessions-'));
  const tokens = join(dir, 'tokens.yaml');
  writeFileSync(tokens, `- identity: bench\n  token_sha256: ${sha256Hex(TOKEN)}\n`);
  const children: ChildProcess[] = [];
  const run = async (name: string, extra: Record<string, string>, open: number) => {
    const env = { ...emulatorEnv(emu), DATABASE_URL: join(dir, `${name}.db`), BLOCKOPS_MCP_TOKENS: tokens, ...extra };
    const s = await startServe(cli, env, dir);
    children.push(s.child);
    if ((await initialize(s.url)) !== 200) throw new Error(`${name}: initialize was refused`);
    for (let i = 1; i < open; i++) await initialize(s.url);
    return memoryMb(s.url);
  };
  try {
    const baseline = await run('baseline', {}, 1);
    const uncapped = await run('uncapped', { BLOCKOPS_MCP_SESSIONS_PER_IDENTITY: String(sessions * 10) }, sessions);
    const capped = await run('capped', {}, sessions);
    const perSession = ((uncapped.heap - baseline.heap) * 1024) / (sessions - 1);
    const vs = (m: { rss: number; heap: number }) =>
      `heap ${Math.round(m.heap)} MB, ${(m.rss / baseline.rss).toFixed(2)}× baseline RSS`;
    return [
      { name: 'RSS, baseline serve (1 session)', value: Math.round(baseline.rss), unit: 'MB', note: vs(baseline) },
      {
        name: `RSS after ${sessions} sessions of one token, no cap`,
        value: Math.round(uncapped.rss),
        unit: 'MB',
        note: vs(uncapped),
      },
      { name: 'V8 heap per open session', value: Math.round(perSession), unit: 'KB' },
      {
        name: `RSS after ${sessions} sessions, default cap`,
        value: Math.round(capped.rss),
        unit: 'MB',
        note: vs(capped),
      },
    ];
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchMcpSessions({ sessions: Number(process.env['BENCH_SESSIONS'] ?? 3000) }).then(
    (figures) => printFigures('MCP sessions', figures),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
