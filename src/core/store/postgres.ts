import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { log } from '../../log.js';
import type { AuditKey } from '../audit/key.js';
import { type ChainHead, normalizeAuditInput, type SealedRecord } from '../audit/seal.js';
import { OpsError } from '../errors/ops-error.js';
import { HEAD_COLUMNS, nextHead, STORED_COLUMNS, sealAfter, toChainHead } from './audit-rows.js';
import { KyselyAuditStore } from './audit-store.js';
import { nowIso } from './columns.js';
import { KyselyDeliveryStore } from './delivery-store.js';
import { KyselyIncidentStore, KyselyLeaseStore } from './incident-store.js';
import { runMigrations } from './migrate.js';
import { approvalColumns, claimedColumns, newRequestRow, toRequestRow } from './request-rows.js';
import { KyselyRequestStore } from './request-store.js';
import type { Database } from './schema.js';
import type { AuditEntry, AuditEntryInput, Store, StoredAuditRow, StoreOptions } from './types.js';

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
  const appender = new GroupAppender(db, pool, options.auditKey);

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
      appendSerialized: (inputs) => appender.append(inputs),
      readPage: async (fromSeq, size) => {
        const { rows } = await pool.query<StoredAuditRow>(PAGE_SQL, [fromSeq, size]);
        return rows;
      },
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
          await appendEntries(trx, [normalizeAuditInput(audit(row))], options.auditKey);
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
  await sql.raw(LOCK_SQL).execute(trx);
}

// Durable at commit even if the server or role runs with synchronous_commit off.
const LOCK_SQL = `set local synchronous_commit = on; select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
const HEAD_SQL = `select ${HEAD_COLUMNS.join(', ')} from audit_log order by seq desc limit 1`;
const PAGE_SQL = `select ${STORED_COLUMNS.join(', ')} from audit_log where seq >= $1 order by seq limit $2`;

/**
 * Writes the group commit's entries. Once it knows the head (after its first group), one statement does it all in one
 * round trip: takes the chain's lock, inserts the entries sealed after that head if it is still the last row, and
 * commits durably. If the head moved (another process appended, and the seq primary key refuses the insert, or the
 * log is not what it was), nothing is written and the group goes the long way: lock, read the head, insert, commit.
 */
class GroupAppender {
  private head: ChainHead | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly pool: pg.Pool,
    private readonly key: AuditKey,
  ) {}

  async append(inputs: AuditEntryInput[]): Promise<AuditEntry[]> {
    // A head that wants another key: the long way tells whether the log still does, and refuses if so.
    const head = this.head?.nextKeyId === this.key.id ? this.head : undefined;
    const entries =
      (head && (await this.appendAfterKnownHead(head, inputs))) ??
      (await this.db.transaction().execute(async (trx) => {
        await lockAuditChain(trx);
        return appendEntries(trx, inputs, this.key);
      }));
    this.head = nextHead(entries[entries.length - 1]!);
    return entries;
  }

  /** Undefined when the head moved (nothing is written then). */
  private async appendAfterKnownHead(head: ChainHead, inputs: AuditEntryInput[]): Promise<AuditEntry[] | undefined> {
    const sealed = sealAfter(head, inputs, this.key);
    try {
      const { rowCount } = await this.pool.query(insertSql(sealed.length), [...rowValues(sealed), head.seq, head.hash]);
      return rowCount === sealed.length ? sealed.map(({ entry }) => entry) : undefined;
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) return undefined;
      throw error;
    }
  }
}

const UNIQUE_VIOLATION = '23505';

function rowValues(sealed: SealedRecord[]): unknown[] {
  return sealed.flatMap(({ row }) => STORED_COLUMNS.map((column) => row[column]));
}

/** Each column's type, for parameters that cannot take it from the insert's target (INSERT … SELECT). */
const COLUMN_TYPES: Record<(typeof STORED_COLUMNS)[number], string> = {
  seq: 'integer',
  at: 'text',
  prev_hash: 'text',
  hash: 'text',
  key_id: 'text',
  event: 'text',
  actor: 'jsonb',
  operation: 'text',
  request_id: 'text',
  input: 'jsonb',
  resources: 'jsonb',
  api_requests: 'jsonb',
  duration_ms: 'double precision',
  error: 'jsonb',
  details: 'jsonb',
};

/**
 * An insert of `rows` rows that is its own transaction: it first takes the chain's lock (and makes its commit durable)
 * itself, and inserts only if the row with the next two parameters' seq and hash is the last. The lock's one-row
 * subquery is joined to the rows, so it is taken before the first row is inserted.
 */
function insertSql(rows: number): string {
  const width = STORED_COLUMNS.length;
  const tuples = Array.from(
    { length: rows },
    (_, r) => `(${STORED_COLUMNS.map((column, c) => `$${r * width + c + 1}::${COLUMN_TYPES[column]}`).join(', ')})`,
  );
  const columns = STORED_COLUMNS.join(', ');
  return (
    `insert into audit_log (${columns}) select ${STORED_COLUMNS.map((c) => `v.${c}`).join(', ')} ` +
    `from (values ${tuples.join(', ')}) as v (${columns}) cross join (select pg_advisory_xact_lock(${AUDIT_LOCK_KEY}), ` +
    `set_config('synchronous_commit', 'on', true)) as chain_lock ` +
    `where exists (select 1 from audit_log where seq = $${rows * width + 1}::integer and hash = $${rows * width + 2}::text) ` +
    `and not exists (select 1 from audit_log where seq > $${rows * width + 1}::integer)`
  );
}

/** Seals the entries, in order, after the chain's head and inserts them in one statement; the caller holds the lock. */
async function appendEntries(
  trx: Transaction<Database>,
  inputs: AuditEntryInput[],
  key: AuditKey,
): Promise<AuditEntry[]> {
  const { rows } = await sql.raw<Parameters<typeof toChainHead>[0] & object>(HEAD_SQL).execute(trx);
  const sealed = sealAfter(toChainHead(rows[0]), inputs, key);
  await trx
    .insertInto('audit_log')
    .values(sealed.map(({ row }) => row))
    .execute();
  return sealed.map(({ entry }) => entry);
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
