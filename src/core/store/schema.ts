import type { GeneratedAlways } from 'kysely';

/**
 * Table shapes as Kysely sees them. JSON columns hold JSON text in both engines: `text` in SQLite, `jsonb` in
 * PostgreSQL (whose driver is told to hand jsonb back unparsed, see postgres.ts), so one helper reads both.
 * Times are ISO-8601 UTC text (`2025-01-02T03:04:05.678Z`), which sorts and compares correctly as text in both.
 */
export interface RequestsTable {
  id: string;
  operation: string;
  input: string | null;
  requester: string;
  /** Generated from requester's id, for filters. */
  requester_id: GeneratedAlways<string>;
  preview: string;
  approver_group: string | null;
  approvals_required: number;
  approvals: string;
  state: string;
  created_at: string;
  expires_at: string;
  updated_at: string;
  decided_by: string | null;
  reason: string | null;
  runner: string | null;
  heartbeat_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  progress: string | null;
  result: string | null;
  error: string | null;
  leftovers: string | null;
  checkpoint: string | null;
  notes: string | null;
  /** Keyed MAC of the operation and its resolved input, fixed when the request opens (see engine/request-digest.ts). */
  digest: string | null;
  /** Bumped by every update: the compare-and-set of notes and claims. */
  version: number;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  prev_hash: string;
  hash: string;
  /** The audit key whose HMAC `hash` is (migration 0002); NULL on legacy, unkeyed rows. */
  key_id: string | null;
  event: string;
  actor: string;
  /** Generated from actor's id, for filters; it cannot drift from the hashed actor column. */
  actor_id: GeneratedAlways<string>;
  operation: string;
  request_id: string | null;
  input: string | null;
  resources: string | null;
  api_requests: string | null;
  duration_ms: number | null;
  error: string | null;
  details: string | null;
}

/** Slack deliveries seen (retries and replays carry the same key), until they expire. */
export interface SlackDeliveriesTable {
  key: string;
  seen_at: string;
  expires_at: string;
}

/** On-call incidents (migration 0005): `data` is the incident as the watcher describes it. */
export interface IncidentsTable {
  id: string;
  key: string;
  status: string;
  severity: string;
  opened_at: string;
  updated_at: string;
  resolved_at: string | null;
  data: string;
  moved_primaries: string | null;
  notes: string | null;
  version: number;
}

/** Compare-and-set leases: who holds `name` until when. */
export interface LeasesTable {
  name: string;
  holder: string;
  until: string;
}

export interface Database {
  requests: RequestsTable;
  audit_log: AuditLogTable;
  slack_deliveries: SlackDeliveriesTable;
  incidents: IncidentsTable;
  leases: LeasesTable;
}
