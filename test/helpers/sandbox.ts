import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { type BlockopsConfig, ConfigError, type ConfigFlags, loadConfig } from '../../src/config/index.js';

/**
 * A throw-away folder for blockops to run in, in process or spawned: its own cwd and HOME, so no real clouds.yaml,
 * blockops.yaml or policy is ever read, plus a folder for images and a database file.
 */
export interface Sandbox {
  /** The temporary folder; everything below is in it, and `write` paths are relative to it. */
  root: string;
  /** The working directory (root/work): where blockops looks for blockops.yaml and clouds.yaml. */
  cwd: string;
  /** HOME (root/home): where ~/.config/openstack/clouds.yaml would be. */
  home: string;
  /** An empty folder for image files (root/images), for BLOCKOPS_IMAGE_DIRS. */
  imagesDir: string;
  /** A SQLite file not made yet (root/blockops.db), for DATABASE_URL. */
  databaseUrl: string;
  /** Writes a file below root, making its folders; returns its path. */
  write(relative: string, content: string): Promise<string>;
  /** Writes a policy (YAML text, or a document to write as YAML) to a new file; returns its path. */
  writePolicy(policy: string | Record<string, unknown>): Promise<string>;
  /**
   * Environment for a spawned blockops: nothing inherited but PATH, so no OS_* reaches it; HOME, this database and
   * images folder, the built-in emulator at speed 0, quiet logs; then `extra`.
   */
  env(extra?: Record<string, string>): Record<string, string>;
  /** loadConfig in this cwd and home, with nothing in the environment but PATH and `env`. */
  load(env?: NodeJS.ProcessEnv, flags?: ConfigFlags): Promise<BlockopsConfig>;
  /** Loads expecting a ConfigError; returns its message after checking that no secret leaked into it. */
  fail(env?: NodeJS.ProcessEnv, flags?: ConfigFlags, secrets?: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export async function sandbox(prefix = 'blockops-test-'): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  const imagesDir = join(root, 'images');
  const databaseUrl = join(root, 'blockops.db');
  for (const dir of [cwd, home, imagesDir]) await mkdir(dir, { recursive: true });
  const path = process.env['PATH'] ?? '/usr/bin:/bin';
  const write = async (relative: string, content: string) => {
    const file = join(root, relative);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };
  const load = (env: NodeJS.ProcessEnv = {}, flags: ConfigFlags = {}) =>
    loadConfig({ env: { PATH: path, ...env }, flags, cwd, home });
  let policies = 0;
  return {
    root,
    cwd,
    home,
    imagesDir,
    databaseUrl,
    write,
    writePolicy: (policy) =>
      write(`policy-${++policies}.yaml`, typeof policy === 'string' ? policy : stringify(policy)),
    env: (extra = {}) => ({
      PATH: path,
      HOME: home,
      DATABASE_URL: databaseUrl,
      BLOCKOPS_EMULATOR_SPEED: '0',
      BLOCKOPS_IMAGE_DIRS: imagesDir,
      BLOCKOPS_LOG_LEVEL: 'warn',
      ...extra,
    }),
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

/** A policy where everyone may do everything and nothing needs approval (or, per operation, self-confirmation). */
export function openPolicy(operations: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 1,
    approver_groups: { approvers: { members: [] } },
    roles: { operator: ['read', 'write'] },
    actors: { '*': ['operator'] },
    operations,
  };
}
