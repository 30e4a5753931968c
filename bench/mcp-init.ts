import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The built CLI (dist/main.js), whether this file runs from bench/ or compiled into dist-bench/bench/ or dist/bench/. */
function builtCli(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, '../dist/main.js'), join(here, '../../dist/main.js'), join(here, '../main.js')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`blockops is not built (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } },
})}\n`;

/** One cold start: spawn `node dist/main.js mcp`, send initialize, time until its answer arrives on stdout. */
async function once(cli: string, env: Record<string, string>): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, 'mcp'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.write(INITIALIZE);
  const elapsed = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('blockops mcp did not answer initialize within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`blockops mcp exited with ${code} before answering`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if ((JSON.parse(line) as { id?: unknown }).id !== 1) return;
      clearTimeout(timer);
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
  child.removeAllListeners('exit');
  child.stdin.end();
  await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  return elapsed;
}

/** Median time from spawning `blockops mcp` to its initialize answer, over `runs` cold starts (after one warm-up). */
export async function benchMcpInit(opts: { runs?: number } = {}): Promise<{ medianMs: number; runs: number }> {
  const runs = opts.runs ?? 10;
  const cli = builtCli();
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-mcp-'));
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: dir,
    DATABASE_URL: join(dir, 'blockops.db'),
    BLOCKOPS_EMULATOR_SPEED: '0',
    BLOCKOPS_LOG_LEVEL: 'warn',
  };
  try {
    await once(cli, env); // creates and migrates the database: not part of a typical start
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once(cli, env));
    times.sort((a, b) => a - b);
    const mid = Math.floor(times.length / 2);
    const medianMs = times.length % 2 ? (times[mid] ?? 0) : ((times[mid - 1] ?? 0) + (times[mid] ?? 0)) / 2;
    return { medianMs: Math.round(medianMs * 10) / 10, runs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchMcpInit().then(
    (r) => process.stdout.write(`mcp init (spawn → initialize answer): median ${r.medianMs} ms over ${r.runs} runs\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
