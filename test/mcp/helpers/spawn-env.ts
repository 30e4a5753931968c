import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

/** The repository root and the built CLI (`npm test` builds dist/ first; BLOCKOPS_E2E_MAIN points at another build). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const MAIN = process.env['BLOCKOPS_E2E_MAIN'] ?? join(ROOT, 'dist', 'main.js');

export interface Sandbox {
  dir: string;
  imagesDir: string;
  databaseUrl: string;
  /** Environment for a spawned blockops: nothing inherited but PATH, so no OS_* reaches it. */
  env(extra?: Record<string, string>): Record<string, string>;
  writePolicy(doc: Record<string, unknown>): string;
}

export function sandbox(prefix = 'blockops-mcp-'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const imagesDir = join(dir, 'images');
  mkdirSync(imagesDir);
  const databaseUrl = join(dir, 'blockops.db');
  return {
    dir,
    imagesDir,
    databaseUrl,
    env: (extra = {}) => ({
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: dir,
      DATABASE_URL: databaseUrl,
      BLOCKOPS_EMULATOR_SPEED: '0',
      BLOCKOPS_IMAGE_DIRS: imagesDir,
      BLOCKOPS_LOG_LEVEL: 'warn',
      ...extra,
    }),
    writePolicy(doc) {
      const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, stringify(doc));
      return file;
    },
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

/** Environment that points a spawned blockops at an emulator this test process started. */
export function emulatorEnv(emu: {
  authUrl: string;
  region: string;
  users: { admin: { username: string; password: string; projectName: string } };
  lightbits: { endpoints: string[]; jwt: string; project: string };
  volumeType: string;
}): Record<string, string> {
  return {
    OS_AUTH_URL: emu.authUrl,
    OS_USERNAME: emu.users.admin.username,
    OS_PASSWORD: emu.users.admin.password,
    OS_PROJECT_NAME: emu.users.admin.projectName,
    OS_USER_DOMAIN_NAME: 'Default',
    OS_PROJECT_DOMAIN_NAME: 'Default',
    OS_REGION_NAME: emu.region,
    LIGHTBITS_API_ENDPOINTS: emu.lightbits.endpoints.join(','),
    LIGHTBITS_JWT: emu.lightbits.jwt,
    LIGHTBITS_PROJECT: emu.lightbits.project,
    BLOCKOPS_VOLUME_TYPE: emu.volumeType,
  };
}

/** A small raw disk image (no known header, so blockops detects raw). */
export function writeRawImage(dir: string, name: string, bytes = 2 * 1024 * 1024): string {
  const file = join(dir, name);
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) buf.write(`blockops test block ${i}`, i);
  writeFileSync(file, buf);
  return file;
}
