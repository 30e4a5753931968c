import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { log } from '../../log.js';
import { sealAuditEntry } from '../audit/seal.js';
import { OpsError } from '../errors/ops-error.js';
import { toAuditRow } from './audit-rows.js';
import { KyselyAuditStore } from './audit-store.js';
import { nowIso } from './columns.js';
import { KyselyDeliveryStore } from './delivery-store.js';
import { runMigrations } from './migrate.js';
import { claimedColumns, toRequestRow } from './request-rows.js';
import { KyselyRequestStore } from './request-store.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** pg_advisory_xact_lock key that serializes audit appends: the bytes of 'blockops'. */
export const AUDIT_LOCK_KEY = 0x626c6f636b6f7073n;

const JSON_OIDS = new Set([114, 3802]); // json, jsonb

/** jsonb comes back as text, as SQLite's JSON columns do, so one helper parses both (see columns.ts). */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  JSON_OIDS.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/**
 * Several replicas share one database. Set the schema with the URL, e.g. `?options=-c%20search_path%3Dblockops`.
 * Appends take a transaction-scoped advisory lock; claims use FOR UPDATE SKIP LOCKED.
 */
export async function openPostgresStore(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, application_name: 'blockops', types: { getTypeParser } });
  pool.on('error', (error) => log.warn({ reason: error.message }, 'an idle PostgreSQL connection failed'));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new OpsError(
      'STORE.UNREACHABLE',
      `Cannot connect to PostgreSQL at ${describeUrl(url)}: ${reason}. Check that it is running and the database URL.`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  const claim = (runner: string, now: string) =>
    db.transaction().execute(async (trx) => {
      const next = await trx
        .selectFrom('requests')
        .select('id')
        .where('state', '=', 'approved')
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return undefined;
      const row = await trx
        .updateTable('requests')
        .set((eb) => ({ ...claimedColumns(runner, now), version: eb('version', '+', 1) }))
        .where('id', '=', next.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRequestRow(row);
    });

  return {
    engine: 'postgres',
    migrate: async () => {
      const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
      const schema = rows[0]?.schema;
      if (!schema) {
        throw new OpsError(
          'STORE.NO_SCHEMA',
          `No schema of the search_path exists in ${describeUrl(url)}. Create it, or fix search_path in the URL.`,
        );
      }
      await runMigrations(db, schema);
    },
    close: () => db.destroy(),
    audit: new KyselyAuditStore(db, {
      appendSerialized: (input) =>
        db.transaction().execute(async (trx) => {
          // Durable at commit even if the server or role runs with synchronous_commit off.
          await sql`set local synchronous_commit = on`.execute(trx);
          await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK_KEY)})`.execute(trx);
          const head = await trx
            .selectFrom('audit_log')
            .select(['seq', 'hash'])
            .orderBy('seq', 'desc')
            .limit(1)
            .executeTakeFirst();
          const entry = sealAuditEntry(head, input, nowIso());
          await trx.insertInto('audit_log').values(toAuditRow(entry)).execute();
          return entry;
        }),
      resourcesContain: (value) =>
        sql<boolean>`jsonb_path_exists(audit_log.resources, 'strict $.** ? (@ == $v)', jsonb_build_object('v', ${value}::text))`,
    }),
    requests: new KyselyRequestStore(db, claim),
    slackDeliveries: new KyselyDeliveryStore(db),
  };
}

/** host:port/database, never the password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured PostgreSQL URL';
  }
}
