import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { log } from '../../log.js';
import type { AuditKey } from '../audit/key.js';
import { sealAuditEntry } from '../audit/seal.js';
import { OpsError } from '../errors/ops-error.js';
import { HEAD_COLUMNS, nextHead, toAuditRow, toChainHead } from './audit-rows.js';
import { KyselyAuditStore } from './audit-store.js';
import { nowIso } from './columns.js';
import { KyselyDeliveryStore } from './delivery-store.js';
import { KyselyIncidentStore, KyselyLeaseStore } from './incident-store.js';
import { runMigrations } from './migrate.js';
import { approvalColumns, claimedColumns, newRequestRow, toRequestRow } from './request-rows.js';
import { KyselyRequestStore } from './request-store.js';
import type { Database } from './schema.js';
import type { AuditEntry, AuditEntryInput, Store, StoreOptions } from './types.js';

/** pg_advisory_xact_lock key that serializes audit appends: the bytes of 'blockops'. */
export const AUDIT_LOCK_KEY = 0x626c6f636b6f7073n;

/** First half of the two-key advisory lock that serializes one requester's rate-limited creates: 'blkr'. */
const RATE_LOCK_KEY = 0x626c6b72;

const JSON_OIDS = new Set([114, 3802]); // json, jsonb

/** jsonb comes back as text, as SQLite's JSON columns do, so one helper parses both (see columns.ts). */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  JSON_OIDS.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/**
 * Several replicas share one database. Set the schema with the URL, e.g. `?options=-c%20search_path%3Dblockops`.
 * Appends take a transaction-scoped advisory lock; claims use FOR UPDATE SKIP LOCKED.
 */
export async function openPostgresStore(url: string, options: StoreOptions): Promise<Store> {
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

  const claim = (runner: string, now: string, untouchedSince?: string) =>
    db.transaction().execute(async (trx) => {
      const next = await trx
        .selectFrom('requests')
        .select('id')
        .where('state', '=', 'approved')
        .$if(untouchedSince !== undefined, (q) => q.where('updated_at', '<', untouchedSince as string))
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
    audit: new KyselyAuditStore(db, options.onAuditAppend, {
      appendSerialized: (inputs) =>
        db.transaction().execute(async (trx) => {
          await lockAuditChain(trx);
          return appendEntries(trx, inputs, options.auditKey);
        }),
      resourcesContain: (value) =>
        sql<boolean>`jsonb_path_exists(audit_log.resources, 'strict $.** ? (@ == $v)', jsonb_build_object('v', ${value}::text))`,
    }),
    requests: new KyselyRequestStore(db, {
      claim,
      addApprovalAudited: (id, approval, audit) =>
        db.transaction().execute(async (trx) => {
          await lockAuditChain(trx);
          const current = await trx
            .selectFrom('requests')
            .selectAll()
            .where('id', '=', id)
            .forUpdate()
            .executeTakeFirst();
          const set = current && approvalColumns(current, approval, nowIso());
          if (!set) return undefined;
          const row = toRequestRow(
            await trx.updateTable('requests').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
          );
          await appendEntries(trx, [audit(row)], options.auditKey);
          return row;
        }),
      createWithinLimit: (request, limit) =>
        db.transaction().execute(async (trx) => {
          // One requester's count and insert at a time, across replicas; others' go on in parallel.
          await sql`select pg_advisory_xact_lock(${sql.lit(RATE_LOCK_KEY)}, hashtext(${request.requester.id}))`.execute(
            trx,
          );
          const { n } = await trx
            .selectFrom('requests')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('requester_id', '=', request.requester.id)
            .where('created_at', '>=', limit.since)
            .executeTakeFirstOrThrow();
          if (Number(n) >= limit.max) return undefined;
          const row = await trx
            .insertInto('requests')
            .values(newRequestRow(request, nowIso()))
            .returningAll()
            .executeTakeFirstOrThrow();
          return toRequestRow(row);
        }),
    }),
    slackDeliveries: new KyselyDeliveryStore(db),
    incidents: new KyselyIncidentStore(db),
    leases: new KyselyLeaseStore(db),
  };
}

/** Serializes audit appends across replicas until the transaction ends; its commit is durable. */
async function lockAuditChain(trx: Transaction<Database>): Promise<void> {
  // Durable at commit even if the server or role runs with synchronous_commit off.
  await sql`set local synchronous_commit = on`.execute(trx);
  await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_LOCK_KEY)})`.execute(trx);
}

/** Seals the entries, in order, after the chain's head and inserts them in one statement; the caller holds the lock. */
async function appendEntries(
  trx: Transaction<Database>,
  inputs: AuditEntryInput[],
  key: AuditKey,
): Promise<AuditEntry[]> {
  const last = await trx
    .selectFrom('audit_log')
    .select(HEAD_COLUMNS)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let head = toChainHead(last);
  const at = nowIso();
  const entries = inputs.map((input) => {
    const entry = sealAuditEntry(head, input, at, key);
    head = nextHead(entry);
    return entry;
  });
  await trx.insertInto('audit_log').values(entries.map(toAuditRow)).execute();
  return entries;
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
