import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { type BlockopsConfig, ConfigError, type ConfigFlags, loadConfig } from '../../src/config/index.js';

/** A throw-away cwd and home, so no real clouds.yaml or blockops.yaml is ever read. */
export interface Sandbox {
  root: string;
  cwd: string;
  home: string;
  write(relative: string, content: string): Promise<string>;
  load(env?: NodeJS.ProcessEnv, flags?: ConfigFlags): Promise<BlockopsConfig>;
  /** Loads expecting a ConfigError; returns its message after checking that no secret leaked into it. */
  fail(env?: NodeJS.ProcessEnv, flags?: ConfigFlags, secrets?: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'blockops-config-'));
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  await mkdir(cwd, { recursive: true });
  await mkdir(home, { recursive: true });
  const base = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  const load = (env: NodeJS.ProcessEnv = {}, flags: ConfigFlags = {}) =>
    loadConfig({ env: { ...base, ...env }, flags, cwd, home });
  return {
    root,
    cwd,
    home,
    async write(relative, content) {
      const path = join(root, relative);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    load,
    async fail(env = {}, flags = {}, secrets = []) {
      const error = await load(env, flags).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const e = error as ConfigError;
      expect(e.code).toBe('CONFIG.INVALID');
      const everything = JSON.stringify({ message: e.message, details: e.details, stack: e.stack });
      for (const s of secrets) expect(everything).not.toContain(s);
      return e.message;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
