import type { Expression, Kysely, SqlBool } from 'kysely';
import { normalizeAuditInput } from '../audit/seal.js';
import { GroupCommit } from '../batching/group-commit.js';
import { OpsError } from '../errors/ops-error.js';
import { toAuditEntry } from './audit-rows.js';
import { clampLimit, toTimeColumn } from './columns.js';
import type { Database } from './schema.js';
import type { AuditEntry, AuditEntryInput, AuditQuery, AuditStore, StoredAuditRow } from './types.js';

/** What differs between engines: how the append is serialized, and how to search inside the resources JSON. */
export interface AuditEngine {
  /**
   * Reads the chain head, seals and inserts the entries (normalized already) in the order given, commits once (one
   * fsync for all); one order across processes. All or none are written.
   */
  appendSerialized(inputs: AuditEntryInput[]): Promise<AuditEntry[]>;
  /** Up to `size` rows from seq `fromSeq` on, in seq order. */
  readPage(fromSeq: number, size: number): Promise<StoredAuditRow[]>;
  /** True when any value (or array element) of audit_log.resources equals `value`. */
  resourcesContain(value: string): Expression<SqlBool>;
}

export const DEFAULT_SCAN_PAGE = 500;

export class KyselyAuditStore implements AuditStore {
  /** Appends made at the same time share one transaction and one fsync; each still gets its own seq, in call order. */
  private readonly group: GroupCommit<AuditEntryInput, AuditEntry>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly onAppend: ((entry: AuditEntry) => void) | undefined,
    private readonly engine: AuditEngine,
  ) {
    // A rotation commits on its own: the appends after it need the new key, and must not take it down with them.
    this.group = new GroupCommit((inputs) => this.engine.appendSerialized(inputs), {
      alone: (input) => input.event === 'key-rotated',
    });
  }

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    const normalized = normalizeAuditInput(input); // a malformed entry fails here, before any lock is taken
    let entry: AuditEntry;
    try {
      entry = await this.group.add(normalized);
    } catch (error) {
      if (error instanceof OpsError && error.code === 'AUDIT.KEY_MISMATCH') throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new OpsError(
        'AUDIT.WRITE_FAILED',
        `The audit record (${input.event} ${input.operation}) could not be written, so the action must not proceed: ${reason}. Check the database, then retry.`,
        { cause: error },
      );
    }
    this.onAppend?.(entry);
    return entry;
  }

  /** Newest first. `since` is inclusive, `until` exclusive. */
  async query(q: AuditQuery): Promise<AuditEntry[]> {
    let query = this.db.selectFrom('audit_log').selectAll();
    if (q.actor !== undefined) query = query.where('actor_id', '=', q.actor);
    if (q.operation !== undefined) query = query.where('operation', '=', q.operation);
    if (q.event !== undefined) query = query.where('event', '=', q.event);
    if (q.since !== undefined) query = query.where('at', '>=', toTimeColumn(q.since, 'since'));
    if (q.until !== undefined) query = query.where('at', '<', toTimeColumn(q.until, 'until'));
    const resource = q.resource;
    if (resource !== undefined) {
      query = query.where((eb) => eb.or([eb('request_id', '=', resource), this.engine.resourcesContain(resource)]));
    }
    const rows = await query.orderBy('seq', 'desc').limit(clampLimit(q.limit)).execute();
    return rows.map(toAuditEntry);
  }

  /** Keyset pages in seq order: memory stays at one page whatever the length of the log. */
  async *scan(fromSeq = 1, pageSize = DEFAULT_SCAN_PAGE): AsyncIterable<AuditEntry> {
    for await (const rows of this.scanRows(fromSeq, pageSize)) {
      for (const row of rows) yield toAuditEntry(row);
    }
  }

  async *scanRows(fromSeq = 1, pageSize = DEFAULT_SCAN_PAGE): AsyncIterable<StoredAuditRow[]> {
    const size = clampLimit(pageSize, DEFAULT_SCAN_PAGE, 10_000);
    let next = fromSeq;
    for (;;) {
      const rows = await this.engine.readPage(next, size);
      if (rows.length > 0) yield rows;
      if (rows.length < size) return;
      next = rows[rows.length - 1]!.seq + 1;
    }
  }
}
