import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type AuditKey, hmacKey } from '../core/audit/key.js';
import { parseDatabaseUrl } from '../core/store/index.js';

/**
 * The audit key of the zero-config set-up: kept in a 0600 file beside the SQLite store (or in ./.blockops for
 * PostgreSQL), made on first use, so every process on this machine shares it. Production sets its own key.
 */
export function localAuditKey(databaseUrl: string, notice: (line: string) => void): AuditKey {
  const target = parseDatabaseUrl(databaseUrl);
  const dir =
    target.engine === 'postgres' || target.path === ':memory:' ? resolve('.blockops') : dirname(resolve(target.path));
  const file = join(dir, 'audit.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    notice(`blockops: made an audit key in ${file} for this machine; a shared deployment must set its own key.`);
  }
  chmodSync(file, 0o600);
  return hmacKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
}
