import type { Expression, Kysely, SqlBool } from 'kysely';
import { normalizeAuditInput } from '../audit/seal.js';
import { OpsError } from '../errors/ops-error.js';
import { toAuditEntry } from './audit-rows.js';
import { clampLimit, toTimeColumn } from './columns.js';
import type { Database } from './schema.js';
import type { AuditEntry, AuditEntryInput, AuditQuery, AuditStore } from './types.js';

/** What differs between engines: how the append is serialized, and how to search inside the resources JSON. */
export interface AuditEngine {
  /** Reads the chain head, seals and inserts the entry, commits; one order across processes. */
  appendSerialized(input: AuditEntryInput): Promise<AuditEntry>;
  /** True when any value (or array element) of audit_log.resources equals `value`. */
  resourcesContain(value: string): Expression<SqlBool>;
}

export const DEFAULT_SCAN_PAGE = 500;

export class KyselyAuditStore implements AuditStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly onAppend: ((entry: AuditEntry) => void) | undefined,
    private readonly engine: AuditEngine,
  ) {}

  async append(input: AuditEntryInput): Promise<AuditEntry> {
    normalizeAuditInput(input); // a malformed entry fails here with its own code, before any lock is taken
    let entry: AuditEntry;
    try {
      entry = await this.engine.appendSerialized(input);
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
    const size = clampLimit(pageSize, DEFAULT_SCAN_PAGE, 10_000);
    let next = fromSeq;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>=', next)
        .orderBy('seq')
        .limit(size)
        .execute();
      for (const row of rows) yield toAuditEntry(row);
      if (rows.length < size) return;
      next = rows[rows.length - 1]!.seq + 1;
    }
  }
}
