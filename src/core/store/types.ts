import type { AuditKey } from '../audit/key.js';
import type { Actor } from '../people/actor.js';
import type { AuditLogTable } from './schema.js';

/**
 * The one persistence interface. Two engines implement it with the same schema and migrations:
 * SQLite (embedded default) and PostgreSQL (several replicas share one store).
 */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema; safe to call on every start and from several processes. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  readonly audit: AuditStore;
  readonly requests: RequestStore;
  readonly slackDeliveries: DeliveryStore;
  readonly incidents: IncidentStore;
  readonly leases: LeaseStore;
}

export interface StoreOptions {
  /** MACs every audit record this store appends; kept outside the database (see core/audit/key.ts). */
  auditKey: AuditKey;
  /** Told of each audit record once it is committed (the anchorer counts them). Must not throw. */
  onAuditAppend?: ((entry: AuditEntry) => void) | undefined;
}

// ---------------------------------------------------------------- audit

export type AuditEvent =
  | 'requested'
  | 'approved'
  | 'self_confirmed_via_client'
  | 'denied'
  | 'expired'
  | 'cancelled'
  | 'refused'
  | 'started'
  | 'succeeded'
  | 'failed'
  | 'resumed'
  /** The audit key changed: details.newKeyId names the key of the records after this one. */
  | 'key-rotated'
  /** Something blockops saw, not did: an on-call incident opened, changed or resolved (details.change). */
  | 'observed';

/** One HTTP exchange with OpenStack or Lightbits, as recorded for audit. */
export interface ApiRequestRef {
  service: string;
  method: string;
  url: string;
  status: number;
  requestId?: string | undefined;
}

export interface AuditEntryInput {
  event: AuditEvent;
  actor: Actor;
  operation: string;
  /** The approval request / job this entry belongs to, when there is one. */
  requestId?: string | undefined;
  /** Validated input, secrets already redacted. */
  input?: unknown;
  /** Ids the action touched: image_id, volume_id, server_id, lightbits volume uuid… */
  resources?: Record<string, string | string[]> | undefined;
  apiRequests?: ApiRequestRef[] | undefined;
  durationMs?: number | undefined;
  error?: { code: string; message: string } | undefined;
  /** Free-form facts: a refusal's reason, what a failure left behind, the approver's comment. */
  details?: Record<string, unknown> | undefined;
}

export interface AuditEntry extends AuditEntryInput {
  /** 1, 2, 3… with no gaps: a gap is tampering. */
  seq: number;
  /** ISO-8601 UTC. */
  at: string;
  /** hash of the previous entry ('0'.repeat(64) for the first). */
  prevHash: string;
  /**
   * The record's link, over prevHash and this entry's canonical JSON (everything but hash): HMAC-SHA256 under the
   * audit key `keyId`, or, for a legacy record written before blockops had an audit key (no keyId), plain sha256.
   */
  hash: string;
  /** Id of the audit key whose MAC `hash` is; absent only on legacy records. */
  keyId?: string | undefined;
}

export interface AuditQuery {
  actor?: string | undefined;
  operation?: string | undefined;
  /** Matches requestId or any value in resources. */
  resource?: string | undefined;
  event?: AuditEvent | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Newest first; default 100, at most 1000. */
  limit?: number | undefined;
}

/** An audit record's columns as stored (all but the generated actor_id); JSON columns hold JSON text. */
export type StoredAuditRow = Omit<AuditLogTable, 'actor_id'>;

export interface AuditStore {
  /**
   * Appends durably (committed before it returns), serialized across processes so the chain has one order.
   * If it throws, the caller must not proceed with the action.
   */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  query(q: AuditQuery): Promise<AuditEntry[]>;
  /** Every entry in seq order, in pages, for verify and export without loading all in memory. */
  scan(fromSeq?: number, pageSize?: number): AsyncIterable<AuditEntry>;
  /** The same rows as stored, a page at a time: what verify checks (see core/audit/record-text.ts). */
  scanRows(fromSeq?: number, pageSize?: number): AsyncIterable<StoredAuditRow[]>;
}

// ---------------------------------------------------------------- approval requests / durable jobs

export type RequestState =
  | 'pending'
  | 'approved'
  | 'denied'
  | 'expired'
  | 'cancelled'
  | 'running'
  | 'succeeded'
  | 'failed';

export const FINAL_STATES: readonly RequestState[] = ['denied', 'expired', 'cancelled', 'succeeded', 'failed'];

export interface Approval {
  actor: Actor;
  /** The person behind the actor (people.ts): N-of-M counts people, so one person's two ids count once. */
  person?: string | undefined;
  at: string;
  comment?: string | undefined;
  /** The request digest this approver saw: a job whose input no longer matches it does not run. */
  digest?: string | undefined;
}

/**
 * The requester confirmed their own request in a client that asked them (MCP elicitation), where the policy allows
 * that instead of any approval. Kept apart from approvals: the client answered, and no second person was involved.
 */
export interface SelfConfirmation {
  actor: Actor;
  person: string;
  at: string;
}

/** A write operation's life: the approval request and then the durable job are one row. */
export interface RequestRow {
  id: string;
  operation: string;
  input: unknown;
  requester: Actor;
  /** What will happen, in words, from the core (for approvers). */
  preview: string;
  approverGroup: string | null;
  approvalsRequired: number;
  approvals: Approval[];
  selfConfirmation?: SelfConfirmation | undefined;
  state: RequestState;
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
  /** Who denied or cancelled, and why. */
  decidedBy?: Actor | undefined;
  reason?: string | undefined;
  /** Process that runs the job, and its last sign of life: a stale heartbeat means the runner died. */
  runner?: string | undefined;
  heartbeatAt?: string | undefined;
  startedAt?: string | undefined;
  finishedAt?: string | undefined;
  /** Latest progress message, for get_request while running. */
  progress?: { message: string; fraction?: number | undefined; at: string } | undefined;
  result?: unknown;
  error?: { code: string; message: string } | undefined;
  /** Resources a failed or interrupted job created and could not clean, e.g. a clone with no server. */
  leftovers?: Record<string, unknown>[] | undefined;
  /** Checkpoints a resumable job wrote (e.g. {volume_id} after the clone step). */
  checkpoint?: Record<string, unknown> | undefined;
  /** Front doors' own bookkeeping, by front door: e.g. { slack: { channel, ts } } of the approval message. */
  notes?: Record<string, unknown> | undefined;
  /** Keyed MAC of the operation and its resolved input; absent only on rows older than request binding. */
  digest?: string | undefined;
}

export type NewRequest = Pick<
  RequestRow,
  'id' | 'operation' | 'input' | 'requester' | 'preview' | 'approverGroup' | 'approvalsRequired' | 'expiresAt'
> & { state: 'pending' | 'approved'; digest: string };

export interface RequestFilter {
  state?: RequestState | RequestState[] | undefined;
  requester?: string | undefined;
  operation?: string | undefined;
  digest?: string | undefined;
  limit?: number | undefined;
}

export type RequestPatch = Partial<
  Pick<
    RequestRow,
    | 'selfConfirmation'
    | 'decidedBy'
    | 'reason'
    | 'runner'
    | 'heartbeatAt'
    | 'startedAt'
    | 'finishedAt'
    | 'progress'
    | 'result'
    | 'error'
    | 'leftovers'
    | 'checkpoint'
    | 'notes'
  >
>;

/** At most `max` requests by one requester created at or after `since`. */
export interface RequestLimit {
  since: string;
  max: number;
}

export interface RequestStore {
  create(row: NewRequest): Promise<RequestRow>;
  /**
   * As create, unless the requester already has `limit.max` requests created since `limit.since`: then undefined
   * and nothing written. The count and the insert are one atomic step across processes and replicas.
   */
  createWithinLimit(row: NewRequest, limit: RequestLimit): Promise<RequestRow | undefined>;
  get(id: string): Promise<RequestRow | undefined>;
  list(filter: RequestFilter): Promise<RequestRow[]>;
  /**
   * Compare-and-set: moves the row to `to` only if its state is one of `from`, atomically across processes.
   * Returns the updated row, or undefined when the state was not one of `from` (someone else won).
   */
  transition(id: string, from: RequestState[], to: RequestState, patch?: RequestPatch): Promise<RequestRow | undefined>;
  /**
   * Adds an approval atomically while the row is `pending`, has fewer approvals than it needs, and the person
   * (`approval.person`, else the actor id) has not approved yet, with its audit record (made from the updated row)
   * appended in the same transaction, and the row moved to `approved` in it when this approval completes the count: an approval is never counted unaudited,
   * nor a complete one left `pending`. Undefined, with nothing written, when the approval may not be added.
   */
  addApprovalAudited(
    id: string,
    approval: Approval,
    audit: (row: RequestRow) => AuditEntryInput,
  ): Promise<RequestRow | undefined>;
  /** Updates non-state fields of a row (progress, heartbeat, checkpoint) without touching its state. */
  patch(id: string, patch: RequestPatch): Promise<void>;
  /**
   * Claims one `approved` row for this runner and moves it to `running`, safe across processes
   * (PostgreSQL: FOR UPDATE SKIP LOCKED). Undefined when nothing is waiting. With `untouchedSince`, only a row
   * unchanged since then: one that nobody took up after its approval.
   */
  claimApproved(runner: string, now: string, untouchedSince?: string): Promise<RequestRow | undefined>;
  /** Rows in `running` whose heartbeat is older than `before`: their runner died. */
  listStale(before: string): Promise<RequestRow[]>;
  /** Rows in `pending` whose expiresAt is before `now`. */
  listExpired(now: string): Promise<RequestRow[]>;
  /**
   * Compare-and-set on a front door's note: writes `{ claim }` as the door's note only when it has none, or only a
   * claim that expired before `now` (its holder died). True when this call got the claim, false otherwise.
   */
  claimNote(id: string, door: string, claim: NoteClaim, now: string): Promise<boolean>;
  /** Removes the door's note if it is still `owner`'s claim (compare-and-set); true when it did. */
  releaseNote(id: string, door: string, owner: string): Promise<boolean>;
}

/** A process's hold on a door's note while it makes what the note will record (an approval message, say). */
export interface NoteClaim {
  owner: string;
  /** ISO-8601 UTC: after this the claim counts as abandoned and another process may take it. */
  until: string;
}

// ---------------------------------------------------------------- front door deliveries

/** Deliveries a front door received, by key, so a repeat (Slack's retries, a replay) is noticed by every replica. */
export interface DeliveryStore {
  /**
   * Records `key` until `expiresAt`, atomically across processes: true the first time, or when an earlier record
   * of it expired before `now`; false for a repeat.
   */
  firstSeen(key: string, now: string, expiresAt: string): Promise<boolean>;
  /** Deletes records that expired before `now`; returns how many. */
  prune(now: string): Promise<number>;
}

// ---------------------------------------------------------------- on-call incidents and leases

/** An on-call incident as stored: `data` is what the watcher says of it (core/oncall's Incident). */
export interface IncidentRow {
  id: string;
  /** Its root cause; at most one open incident per key. */
  key: string;
  status: 'open' | 'resolved';
  severity: string;
  openedAt: string;
  updatedAt: string;
  resolvedAt?: string | undefined;
  data: unknown;
  /** Lightbits volumes whose primary moved during the incident, so a restarted watcher still knows them. */
  movedPrimaries: string[];
  /** Front doors' own bookkeeping (where the Slack message is), by door. */
  notes: Record<string, unknown>;
  /** Bumped by every update: the compare-and-set of update(). */
  version: number;
}

export type NewIncident = Pick<IncidentRow, 'id' | 'key' | 'severity' | 'openedAt' | 'data' | 'movedPrimaries'>;
export type IncidentPatch = Pick<IncidentRow, 'status' | 'severity' | 'updatedAt' | 'data' | 'movedPrimaries'> & {
  resolvedAt?: string | undefined;
};

export interface IncidentStore {
  /** Inserts an open incident; undefined, with nothing written, when one is already open for its key. */
  open(row: NewIncident): Promise<IncidentRow | undefined>;
  /** Compare-and-set on the version: undefined when someone changed the row since it was read. */
  update(id: string, version: number, patch: IncidentPatch): Promise<IncidentRow | undefined>;
  get(id: string): Promise<IncidentRow | undefined>;
  /** Newest first; default 50, at most 1000. */
  list(filter: { status?: 'open' | 'resolved' | undefined; limit?: number | undefined }): Promise<IncidentRow[]>;
  /** A door's note (not versioned: the watcher's updates leave notes alone). */
  setNote(id: string, door: string, value: Record<string, unknown>): Promise<void>;
}

export interface LeaseStore {
  /**
   * Takes or renews `name` for `holder` until `until`, atomically across processes: true when the lease was free,
   * expired before `now`, or already `holder`'s.
   */
  acquire(name: string, holder: string, now: string, until: string): Promise<boolean>;
  /** Gives the lease up if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
}
