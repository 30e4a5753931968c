import { type BlockopsConfig, configSources } from '../config/index.js';
import { redactUrl } from '../config/values.js';
import { OpsError } from '../core/errors/ops-error.js';

/**
 * Commands that work on the database itself (audit verify, export, rotate-key), not through `blockops serve`. With
 * BLOCKOPS_URL set and no database named, they would check this directory's demo database and report on the wrong
 * log: refused, saying where to run them. With a database named as well, a notice says which one they use.
 */
export function checkLocalDatabase(command: string, config: BlockopsConfig): { notice?: string } {
  const url = config.remote.url;
  if (!url) return {};
  const source = configSources(config)?.['databaseUrl'] ?? '';
  const db = redactUrl(config.databaseUrl);
  if (source.endsWith('(default)')) {
    throw new OpsError(
      'CONFIG.INVALID',
      `${command} works on the database itself, not through blockops serve: BLOCKOPS_URL is set (${redactUrl(url)}) ` +
        `but DATABASE_URL is not, so it would read this directory's own database (${db}). Run it where blockops ` +
        'serve runs, with its DATABASE_URL and audit key, or set DATABASE_URL here.',
    );
  }
  return {
    notice: `blockops: ${command} uses the database at ${db} (${source}), not the blockops serve at BLOCKOPS_URL.`,
  };
}
