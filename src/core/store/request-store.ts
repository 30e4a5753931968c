import type { Kysely } from 'kysely';
import { OpsError } from '../errors/ops-error.js';
import { clampLimit, fromJsonColumn, nowIso, toJsonColumn, toTimeColumn } from './columns.js';
import { claimable, heldBy } from './note-claims.js';
import { newRequestRow, patchColumns, toRequestRow } from './request-rows.js';
import type { Database } from './schema.js';
import type {
  Approval,
  AuditEntryInput,
  NewRequest,
  NoteClaim,
  RequestFilter,
  RequestLimit,
  RequestPatch,
  RequestRow,
  RequestState,
  RequestStore,
} from './types.js';

/** The one engine-specific step: claiming an approved row (see sqlite.ts and postgres.ts). */
export type ClaimApproved = (runner: string, now: string, untouchedSince?: string) => Promise<RequestRow | undefined>;

/** Writes that span a check and a change, or two tables, in one engine-specific transaction. */
export interface RequestEngine {
  claim: ClaimApproved;
  addApprovalAudited: RequestStore['addApprovalAudited'];
  createWithinLimit: RequestStore['createWithinLimit'];
}

/** Retries of a note's compare-and-set: any write to the row (a heartbeat, a progress message) makes it try again. */
const MAX_NOTE_ATTEMPTS = 50;

/** Approval requests and durable jobs, one row each; every state change is a conditional UPDATE … RETURNING. */
export class KyselyRequestStore implements RequestStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: RequestEngine,
  ) {}

  async create(request: NewRequest): Promise<RequestRow> {
    try {
      const now = nowIso();
      const row = await this.db
        .insertInto('requests')
        .values(newRequestRow(request, now))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRequestRow(row);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new OpsError('REQUEST.DUPLICATE_ID', `A request with id ${request.id} exists already; use a new id.`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async get(id: string): Promise<RequestRow | undefined> {
    const row = await this.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRequestRow(row);
  }

  async list(filter: RequestFilter): Promise<RequestRow[]> {
    let query = this.db.selectFrom('requests').selectAll();
    if (filter.state !== undefined) {
      const states = Array.isArray(filter.state) ? filter.state : [filter.state];
      if (states.length === 0) return [];
      query = query.where('state', 'in', states);
    }
    if (filter.requester !== undefined) query = query.where('requester_id', '=', filter.requester);
    if (filter.operation !== undefined) query = query.where('operation', '=', filter.operation);
    if (filter.digest !== undefined) query = query.where('digest', '=', filter.digest);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(filter.limit))
      .execute();
    return rows.map(toRequestRow);
  }

  async transition(
    id: string,
    from: RequestState[],
    to: RequestState,
    patch?: RequestPatch,
  ): Promise<RequestRow | undefined> {
    if (from.length === 0) return undefined;
    const row = await this.db
      .updateTable('requests')
      .set((eb) => ({ ...patchColumns(patch), state: to, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('state', 'in', from)
      .returningAll()
      .executeTakeFirst();
    return row && toRequestRow(row);
  }

  addApprovalAudited(
    id: string,
    approval: Approval,
    audit: (row: RequestRow) => AuditEntryInput,
  ): Promise<RequestRow | undefined> {
    return this.engine.addApprovalAudited(id, approval, audit);
  }

  createWithinLimit(request: NewRequest, limit: RequestLimit): Promise<RequestRow | undefined> {
    return this.engine.createWithinLimit(request, { ...limit, since: toTimeColumn(limit.since, 'since') });
  }

  async claimNote(id: string, door: string, claim: NoteClaim, now: string): Promise<boolean> {
    const at = toTimeColumn(now, 'now');
    const held = { claim: { owner: claim.owner, until: toTimeColumn(claim.until, 'claim.until') } };
    return this.changeNotes(id, (notes) => (claimable(notes[door], at) ? { ...notes, [door]: held } : undefined));
  }

  async releaseNote(id: string, door: string, owner: string): Promise<boolean> {
    return this.changeNotes(id, (notes) => {
      if (!heldBy(notes[door], owner)) return undefined;
      const { [door]: _released, ...rest } = notes;
      return rest;
    });
  }

  /** Optimistic compare-and-set on the row's version: `change` answers the new notes, or undefined to leave them. */
  private async changeNotes(
    id: string,
    change: (notes: Record<string, unknown>) => Record<string, unknown> | undefined,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_NOTE_ATTEMPTS; attempt++) {
      const current = await this.db
        .selectFrom('requests')
        .select(['notes', 'version'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!current) return false;
      const next = change(fromJsonColumn<Record<string, unknown>>(current.notes) ?? {});
      if (!next) return false;
      const row = await this.db
        .updateTable('requests')
        .set({ notes: toJsonColumn(next), updated_at: nowIso(), version: current.version + 1 })
        .where('id', '=', id)
        .where('version', '=', current.version)
        .returning('id')
        .executeTakeFirst();
      if (row) return true;
    }
    throw new OpsError(
      'STORE.CONTENTION',
      `Could not change the notes of ${id}: the request kept changing under ${MAX_NOTE_ATTEMPTS} attempts. Try again.`,
    );
  }

  async patch(id: string, patch: RequestPatch): Promise<void> {
    await this.db
      .updateTable('requests')
      .set((eb) => ({ ...patchColumns(patch), updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  claimApproved(runner: string, now: string, untouchedSince?: string): Promise<RequestRow | undefined> {
    const since = untouchedSince === undefined ? undefined : toTimeColumn(untouchedSince, 'untouchedSince');
    return this.engine.claim(runner, toTimeColumn(now, 'now'), since);
  }

  /** A running row with no heartbeat at all counts from when it started (or last changed). */
  async listStale(before: string): Promise<RequestRow[]> {
    const rows = await this.db
      .selectFrom('requests')
      .selectAll()
      .where('state', '=', 'running')
      .where((eb) =>
        eb(eb.fn.coalesce('heartbeat_at', 'started_at', 'updated_at'), '<', toTimeColumn(before, 'before')),
      )
      .orderBy('created_at')
      .execute();
    return rows.map(toRequestRow);
  }

  async listExpired(now: string): Promise<RequestRow[]> {
    const rows = await this.db
      .selectFrom('requests')
      .selectAll()
      .where('state', '=', 'pending')
      .where('expires_at', '<', toTimeColumn(now, 'now'))
      .orderBy('expires_at')
      .execute();
    return rows.map(toRequestRow);
  }
}

/** PostgreSQL unique_violation, or SQLite's primary-key/unique constraint. */
function isDuplicateKey(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
