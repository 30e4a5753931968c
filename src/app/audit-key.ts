import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, problem } from '../config/errors.js';
import type { BlockopsConfig } from '../config/index.js';
import { AUDIT_KEY_MIN_BYTES, type AuditKey, auditKeyFromText, newAuditKeyText } from '../core/audit/key.js';
import { parseDatabaseUrl } from '../core/store/index.js';
import { log } from '../log.js';

/** The folder of the SQLite file (`.blockops/` by default, also for PostgreSQL); undefined for `:memory:`. */
export function stateDirOf(databaseUrl: string): string | undefined {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.engine === 'postgres') return resolve('.blockops');
  return target.path === ':memory:' ? undefined : dirname(resolve(target.path));
}

export const GENERATED_KEY_FILE = 'audit.key';
export const DEFAULT_ANCHORS_FILE = 'audit-anchors.jsonl';

/**
 * The audit key as configured (BLOCKOPS_AUDIT_KEY, _FILE, _COMMAND). With none configured, the zero-config demo
 * keeps one in the state folder (made on first use, owner-only), with a notice; PostgreSQL refuses instead, as its
 * replicas must share one key, and `:memory:` gets a key that lives as long as the process (as its log does).
 */
export async function loadAuditKey(config: BlockopsConfig, notice: (line: string) => void): Promise<AuditKey> {
  if (config.audit.key !== undefined) return auditKeyFromText(config.audit.key);
  const target = parseDatabaseUrl(config.databaseUrl);
  if (target.engine === 'postgres') {
    throw new ConfigError([
      problem(
        'BLOCKOPS_AUDIT_KEY',
        'BLOCKOPS_AUDIT_KEY is not set: with PostgreSQL every replica must MAC the audit log with one shared key. ' +
          'Make one with `openssl rand -hex 32` and give it as BLOCKOPS_AUDIT_KEY, _FILE or _COMMAND.',
      ),
    ]);
  }
  const dir = stateDirOf(config.databaseUrl);
  if (dir === undefined) return auditKeyFromText(newAuditKeyText());
  const file = join(dir, GENERATED_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) {
    log.info({ file }, 'audit key: using the key generated earlier; production should set BLOCKOPS_AUDIT_KEY');
    return generatedKey(file, existing);
  }
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(file, `${newAuditKeyText()}\n`, { flag: 'wx', mode: 0o600 });
    notice(
      `blockops: no audit key configured: generated one in ${file} (owner-only). It MACs the audit log; a key next ` +
        'to the database protects nothing from whoever can read this folder: production must set BLOCKOPS_AUDIT_KEY ' +
        '(or BLOCKOPS_AUDIT_KEY_FILE / _COMMAND) to a key kept elsewhere.',
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first: use theirs
  }
  return generatedKey(file, (await readKeyFile(file)) ?? '');
}

function generatedKey(file: string, text: string): AuditKey {
  if (Buffer.byteLength(text) < AUDIT_KEY_MIN_BYTES) {
    throw new ConfigError([
      problem(
        'BLOCKOPS_AUDIT_KEY',
        `The generated audit key ${file} is shorter than ${AUDIT_KEY_MIN_BYTES} bytes: it was changed. Restore it ` +
          'from a copy (records it MACed verify only with it), or set BLOCKOPS_AUDIT_KEY.',
      ),
    ]);
  }
  return auditKeyFromText(text);
}

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
