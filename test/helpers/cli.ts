import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root: the nearest folder above this file with a package.json (also from dist-bench/). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const ROOT = repoRoot();

/**
 * The built CLI: `npm test` runs `npm run build` first, so dist/ is what a user would run (BLOCKOPS_E2E_MAIN points
 * at another build).
 */
export const MAIN = process.env['BLOCKOPS_E2E_MAIN'] ?? join(ROOT, 'dist/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `blockops …` as a separate process with exactly the given environment (plus PATH and HOME). */
export function blockops(args: string[], env: Record<string, string>, opts: { cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: opts.cwd ?? process.env['HOME'] ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running `blockops …` and resolves once its output matches `ready`. */
export function startBlockops(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  opts: { cwd?: string; stream?: 'stdout' | 'stderr' } = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: opts.cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: opts.cwd ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const stop = () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('close', () => r());
        child.kill('SIGTERM');
      });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`blockops ${args.join(' ')} did not get ready:\n${out}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m, output: () => out, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`blockops ${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
}
