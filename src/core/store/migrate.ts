import { type Kysely, Migrator } from 'kysely';
import { OpsError } from '../errors/ops-error.js';
import { migrationProvider, migrations } from './migrations.js';

/**
 * Runs every pending migration. `migrationTableSchema` pins Kysely's bookkeeping tables to our schema in
 * PostgreSQL (otherwise another schema's kysely_migration table in the same database would be mistaken for ours).
 */
export async function runMigrations<DB>(db: Kysely<DB>, migrationTableSchema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new OpsError(
      'STORE.MIGRATION_FAILED',
      `The database schema could not be upgraded${failed ? ` (migration ${failed})` : ''}: ${message}. ` +
        'Check that the database user may create tables, then start again.',
      { cause: error },
    );
  }
}

export const MIGRATION_NAMES = Object.keys(migrations).sort();
