import { type Kysely, type Migration, type MigrationProvider, PostgresAdapter, sql } from 'kysely';

/** JSON columns: jsonb in PostgreSQL, text in SQLite (whose JSON functions read text). */
function jsonType(db: Kysely<unknown>) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`jsonb` : sql`text`;
}

/**
 * Every schema change, in order, defined in code (no files read at runtime). Names sort in order.
 * `->>` (PostgreSQL, and SQLite ≥ 3.38) reads a JSON field as text in both engines.
 */
export const migrations: Record<string, Migration> = {
  '0001_requests_and_audit': {
    async up(db: Kysely<unknown>) {
      const json = jsonType(db);
      await db.schema
        .createTable('requests')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('input', json)
        .addColumn('requester', json, (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.generatedAlwaysAs(sql`requester ->> 'id'`).stored())
        .addColumn('preview', 'text', (c) => c.notNull())
        .addColumn('approver_group', 'text')
        .addColumn('approvals_required', 'integer', (c) => c.notNull())
        .addColumn('approvals', json, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', json)
        .addColumn('reason', 'text')
        .addColumn('runner', 'text')
        .addColumn('heartbeat_at', 'text')
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('progress', json)
        .addColumn('result', json)
        .addColumn('error', json)
        .addColumn('leftovers', json)
        .addColumn('checkpoint', json)
        .addColumn('notes', json)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('requests_state_created')
        .ifNotExists()
        .on('requests')
        .columns(['state', 'created_at'])
        .execute();
      await db.schema.createIndex('requests_requester').ifNotExists().on('requests').column('requester_id').execute();

      await db.schema
        .createTable('audit_log')
        .ifNotExists()
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('actor', json, (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.generatedAlwaysAs(sql`actor ->> 'id'`).stored())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('input', json)
        .addColumn('resources', json)
        .addColumn('api_requests', json)
        .addColumn('duration_ms', 'double precision')
        .addColumn('error', json)
        .addColumn('details', json)
        .execute();
      await db.schema
        .createIndex('audit_log_actor')
        .ifNotExists()
        .on('audit_log')
        .columns(['actor_id', 'seq'])
        .execute();
      await db.schema
        .createIndex('audit_log_request')
        .ifNotExists()
        .on('audit_log')
        .columns(['request_id', 'seq'])
        .execute();
      await db.schema.createIndex('audit_log_at').ifNotExists().on('audit_log').column('at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_log').ifExists().execute();
      await db.schema.dropTable('requests').ifExists().execute();
    },
  },
  /** Keyed audit chain: which audit key MACed a row; rows from before it stay NULL and verify as legacy. */
  '0002_audit_keyed': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('audit_log').dropColumn('key_id').execute();
    },
  },
  '0003_request_digest': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('requests').addColumn('digest', 'text').execute();
      await db.schema
        .createIndex('requests_pending_digest')
        .ifNotExists()
        .on('requests')
        .columns(['digest', 'state'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('requests_pending_digest').ifExists().execute();
      await db.schema.alterTable('requests').dropColumn('digest').execute();
    },
  },
  '0004_slack_deliveries': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('slack_deliveries')
        .ifNotExists()
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('slack_deliveries_expires')
        .ifNotExists()
        .on('slack_deliveries')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('slack_deliveries').ifExists().execute();
    },
  },
  /** Issue 14: on-call incidents (one open per root cause, across replicas) and the watcher's lease. */
  '0005_issue14_incidents': {
    async up(db: Kysely<unknown>) {
      const json = jsonType(db);
      await db.schema
        .createTable('incidents')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('data', json, (c) => c.notNull())
        .addColumn('moved_primaries', json)
        .addColumn('notes', json)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // One open incident per root cause: two replicas opening the same one at once, the second insert fails.
      await sql`create unique index if not exists incidents_open_key on incidents (key) where status = 'open'`.execute(
        db,
      );
      await db.schema
        .createIndex('incidents_opened')
        .ifNotExists()
        .on('incidents')
        .columns(['opened_at', 'id'])
        .execute();
      await db.schema
        .createTable('leases')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('until', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('leases').ifExists().execute();
      await db.schema.dropTable('incidents').ifExists().execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
