import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The checkout's root (where package.json is), from bench/ or dist-bench/bench/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The built CLI: BENCH_BLOCKOPS_CLI (another build, for a before/after figure), else this checkout's dist/. */
export function builtCli(): string {
  const cli = process.env['BENCH_BLOCKOPS_CLI'] ?? join(repoRoot(), 'dist/main.js');
  if (!existsSync(cli)) throw new Error(`blockops is not built (${cli}); run npm run build`);
  return cli;
}

/** Milliseconds from spawn to exit of a command that must succeed. */
export function runToExit(command: string, args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${err.slice(0, 2000)}`));
    });
  });
}

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } },
})}\n`;

/** Milliseconds from spawning an MCP stdio server to its answer to initialize; then it is stopped. */
export async function mcpInitialize(args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.write(INITIALIZE);
  const elapsed = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not answer initialize in 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before answering`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if ((JSON.parse(line) as { id?: unknown }).id !== 1) return;
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
  child.removeAllListeners('exit');
  child.stdin.end();
  await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
  return elapsed;
}
