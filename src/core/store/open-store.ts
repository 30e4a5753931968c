import { OpsError } from '../errors/ops-error.js';
import type { Store, StoreOptions } from './types.js';

export type DatabaseTarget = { engine: 'postgres'; url: string } | { engine: 'sqlite'; path: string };

/**
 * `postgres://…` / `postgresql://…` → PostgreSQL; `sqlite://path`, `sqlite:path`, a plain path or `:memory:` → SQLite
 * (`sqlite:///abs/path` is absolute, `sqlite://rel/path` relative to the working directory).
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseTarget {
  const value = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) return { engine: 'postgres', url: value };
  const path = value.replace(/^sqlite:(\/\/)?/i, '');
  if (path === value && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new OpsError(
      'STORE.UNSUPPORTED_URL',
      `Unsupported database URL scheme in "${value.split('://')[0]}://…". Use postgres://…, sqlite://path or a file path.`,
    );
  }
  if (path === '') {
    throw new OpsError('STORE.UNSUPPORTED_URL', 'The database URL names no file. Use sqlite://path/to/blockops.db.');
  }
  return { engine: 'sqlite', path };
}

/** Opens (does not migrate) the store the URL names; call `migrate()` before use. */
export async function openStore(databaseUrl: string, options: StoreOptions): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  // Only the engine in use is loaded: a SQLite start never loads the PostgreSQL driver, nor the other way round.
  if (target.engine === 'postgres') return (await import('./postgres.js')).openPostgresStore(target.url, options);
  return (await import('./sqlite.js')).openSqliteStore(target.path, options);
}
