import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type Compilable, Kysely, type Selectable, SqliteDialect, sql } from 'kysely';
import { normalizeAuditInput } from '../audit/seal.js';
import { OpsError } from '../errors/ops-error.js';
import { fromStoredTuple, HEAD_COLUMNS, STORED_COLUMNS, sealAfter, toChainHead } from './audit-rows.js';
import { KyselyAuditStore } from './audit-store.js';
import { nowIso } from './columns.js';
import { KyselyDeliveryStore } from './delivery-store.js';
import { KyselyIncidentStore, KyselyLeaseStore } from './incident-store.js';
import { MIGRATION_NAMES, runMigrations } from './migrate.js';
import { approvalColumns, claimedColumns, newRequestRow, toRequestRow } from './request-rows.js';
import { KyselyRequestStore } from './request-store.js';
import type { Database, RequestsTable } from './schema.js';
import type {
  Approval,
  AuditEntryInput,
  NewRequest,
  RequestLimit,
  RequestRow,
  Store,
  StoredAuditRow,
  StoreOptions,
} from './types.js';

/**
 * How long a writer waits for another process's write lock before failing with SQLITE_BUSY. Each commit is fsynced
 * (synchronous = FULL), so a hundred CLI processes at once queue for seconds: 5 s failed one in ten of them.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 30_000;

/**
 * The embedded engine. Rule that keeps it safe: no SQLite lock is ever held across an `await`. Every write is one
 * statement (atomic by itself, and in autocommit it takes the write lock before reading, so a conditional
 * UPDATE … RETURNING is a true compare-and-set across processes), except the audit append, which runs as a
 * synchronous BEGIN IMMEDIATE transaction of Kysely-compiled statements. Holding a lock across an await would let
 * another connection in the same process spin in its (synchronous) busy handler while the holder cannot resume.
 */
export async function openSqliteStore(path: string, options: StoreOptions): Promise<Store> {
  const raw = openDatabase(path);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });

  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (query: Compilable) => {
    const compiled = query.compile();
    let statement = statements.get(compiled.sql);
    if (!statement) {
      statement = raw.prepare(compiled.sql);
      statements.set(compiled.sql, statement);
    }
    return { statement, parameters: compiled.parameters as unknown[] };
  };
  // The audit statements are plain SQL prepared once: compiling a Kysely query per record cost more than the rest.
  let auditStatements: ReturnType<typeof prepareAuditStatements> | undefined;
  const audit = () => {
    auditStatements ??= prepareAuditStatements(raw);
    return auditStatements;
  };
  const readHead = () => toChainHead(audit().head.get() as Parameters<typeof toChainHead>[0]);
  const insertRow = (row: StoredAuditRow) => audit().insert.run(...STORED_COLUMNS.map((column) => row[column]));
  const appendEntry = (input: AuditEntryInput) => appendAllInTransaction([normalizeAuditInput(input)])[0];
  const appendAllInTransaction = raw.transaction((inputs: AuditEntryInput[]) =>
    sealAfter(readHead(), inputs, options.auditKey).map(({ entry, row }) => {
      insertRow(row);
      return entry;
    }),
  );
  const approveInTransaction = raw.transaction(
    (id: string, approval: Approval, audit: (row: RequestRow) => AuditEntryInput): RequestRow | undefined => {
      const read = prepare(db.selectFrom('requests').selectAll().where('id', '=', id));
      const current = read.statement.get(...read.parameters) as Selectable<RequestsTable> | undefined;
      const set = current && approvalColumns(current, approval, nowIso());
      if (!set) return undefined;
      const update = prepare(db.updateTable('requests').set(set).where('id', '=', id).returningAll());
      const row = toRequestRow(update.statement.get(...update.parameters) as Selectable<RequestsTable>);
      appendEntry(audit(row));
      return row;
    },
  );

  const createInTransaction = raw.transaction((request: NewRequest, limit: RequestLimit): RequestRow | undefined => {
    const count = prepare(
      db
        .selectFrom('requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('requester_id', '=', request.requester.id)
        .where('created_at', '>=', limit.since),
    );
    if ((count.statement.get(...count.parameters) as { n: number }).n >= limit.max) return undefined;
    const insert = prepare(db.insertInto('requests').values(newRequestRow(request, nowIso())).returningAll());
    return toRequestRow(insert.statement.get(...insert.parameters) as Selectable<RequestsTable>);
  });

  const claim = async (runner: string, now: string, untouchedSince?: string) => {
    const row = await db
      .updateTable('requests')
      .set((eb) => ({ ...claimedColumns(runner, now), version: eb('version', '+', 1) }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('requests')
          .select('id')
          .where('state', '=', 'approved')
          .$if(untouchedSince !== undefined, (q) => q.where('updated_at', '<', untouchedSince as string))
          .orderBy('created_at')
          .orderBy('id')
          .limit(1),
      )
      .where('state', '=', 'approved')
      .returningAll()
      .executeTakeFirst();
    return row && toRequestRow(row);
  };

  return {
    engine: 'sqlite',
    migrate: () => serializePerFile(path, () => migrateSqlite(db, raw)),
    close: async () => {
      await db.destroy();
      if (raw.open) raw.close(); // Kysely closes it only if it ever ran a query
    },
    audit: new KyselyAuditStore(db, options.onAuditAppend, {
      appendSerialized: async (inputs) => appendAllInTransaction.immediate(inputs),
      readPage: async (fromSeq, size) => (audit().page.all(fromSeq, size) as unknown[][]).map(fromStoredTuple),
      resourcesContain: (value) =>
        sql<boolean>`exists (select 1 from json_tree(audit_log.resources) where atom = ${value} and type = 'text')`,
    }),
    requests: new KyselyRequestStore(db, {
      claim,
      addApprovalAudited: async (id, approval, audit) => approveInTransaction.immediate(id, approval, audit),
      createWithinLimit: async (request, limit) => createInTransaction.immediate(request, limit),
    }),
    slackDeliveries: new KyselyDeliveryStore(db),
    incidents: new KyselyIncidentStore(db),
    leases: new KyselyLeaseStore(db),
  };
}

function prepareAuditStatements(raw: BetterSqlite3.Database) {
  const columns = STORED_COLUMNS.join(', ');
  return {
    head: raw.prepare(`select ${HEAD_COLUMNS.join(', ')} from audit_log order by seq desc limit 1`),
    insert: raw.prepare(`insert into audit_log (${columns}) values (${STORED_COLUMNS.map(() => '?').join(', ')})`),
    page: raw.prepare(`select ${columns} from audit_log where seq >= ? order by seq limit ?`).raw(true),
  };
}

function openDatabase(path: string): BetterSqlite3.Database {
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const raw = new BetterSqlite3(path);
    raw.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    raw.pragma('journal_mode = WAL');
    // FULL, not NORMAL: in WAL mode NORMAL survives a crash of this process but a power loss or kernel panic can
    // drop the last commits. An audit record must outlive the storage action it announces (the storage array keeps
    // what it did), so every commit is fsynced. Writes here are few and human-paced; the fsync costs little.
    raw.pragma('synchronous = FULL');
    return raw;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OpsError(
      'STORE.OPEN_FAILED',
      `Cannot open the SQLite database ${path}: ${reason}. Check the path and its permissions.`,
      { cause: error },
    );
  }
}

/**
 * Kysely's SQLite migrator takes no lock, so the whole run is one BEGIN IMMEDIATE transaction: a second process
 * waits, then finds nothing to do. Skipped entirely when the schema is current, so a start takes no write lock.
 */
async function migrateSqlite(db: Kysely<Database>, raw: BetterSqlite3.Database): Promise<void> {
  if (isSchemaCurrent(raw)) return;
  await db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      await runMigrations(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

function isSchemaCurrent(raw: BetterSqlite3.Database): boolean {
  try {
    const done = new Set(
      (raw.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name),
    );
    return MIGRATION_NAMES.every((name) => done.has(name));
  } catch {
    return false;
  }
}

/** Migrations of one file from several Store instances in this process run one after another (see above). */
const inFlight = new Map<string, Promise<unknown>>();
function serializePerFile(path: string, task: () => Promise<void>): Promise<void> {
  if (path === ':memory:') return task();
  const key = resolve(path);
  const run = (inFlight.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
  inFlight.set(key, run);
  return run.finally(() => {
    if (inFlight.get(key) === run) inFlight.delete(key);
  });
}
