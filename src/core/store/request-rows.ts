import type { Selectable, Updateable } from 'kysely';
import type { Actor } from '../people/actor.js';
import { fromJsonColumn, toJsonColumn, toTimeColumn } from './columns.js';
import type { RequestsTable } from './schema.js';
import type { Approval, NewRequest, RequestPatch, RequestRow, RequestState, SelfConfirmation } from './types.js';

/**
 * A self-confirmation is kept in the approvals column as a record of its own kind (no migration), and read back
 * apart from the approvals: it is never counted or shown as an approval by a person.
 */
const SELF_CONFIRMED = 'self_confirmed_via_client';
type StoredApproval = Approval | (SelfConfirmation & { kind: typeof SELF_CONFIRMED });

function isSelfConfirmation(a: StoredApproval): a is SelfConfirmation & { kind: typeof SELF_CONFIRMED } {
  return (a as { kind?: string }).kind === SELF_CONFIRMED;
}

type Row = Selectable<RequestsTable>;
type Insert = Omit<RequestsTable, 'requester_id'>;

export function newRequestRow(request: NewRequest, now: string): Insert {
  return {
    id: request.id,
    operation: request.operation,
    input: toJsonColumn(request.input),
    requester: toJsonColumn(request.requester) ?? 'null',
    preview: request.preview,
    approver_group: request.approverGroup,
    approvals_required: request.approvalsRequired,
    approvals: '[]',
    state: request.state,
    created_at: now,
    expires_at: toTimeColumn(request.expiresAt, 'expiresAt'),
    updated_at: now,
    decided_by: null,
    reason: null,
    runner: null,
    heartbeat_at: null,
    started_at: null,
    finished_at: null,
    progress: null,
    result: null,
    error: null,
    leftovers: null,
    checkpoint: null,
    notes: null,
    digest: request.digest,
    version: 0,
  };
}

/** Columns to set for a patch; keys whose value is undefined are left alone, others replace the whole value. */
export function patchColumns(patch: RequestPatch | undefined): Updateable<RequestsTable> {
  const set: Updateable<RequestsTable> = {};
  if (!patch) return set;
  const time = (value: string | undefined, field: string) =>
    value === undefined ? undefined : toTimeColumn(value, field);
  const json = (value: unknown) => toJsonColumn(value) ?? undefined;
  const columns: Updateable<RequestsTable> = {
    approvals: patch.selfConfirmation ? json([{ ...patch.selfConfirmation, kind: SELF_CONFIRMED }]) : undefined,
    decided_by: json(patch.decidedBy),
    reason: patch.reason,
    runner: patch.runner,
    heartbeat_at: time(patch.heartbeatAt, 'heartbeatAt'),
    started_at: time(patch.startedAt, 'startedAt'),
    finished_at: time(patch.finishedAt, 'finishedAt'),
    progress: json(patch.progress),
    result: json(patch.result),
    error: json(patch.error),
    leftovers: json(patch.leftovers),
    checkpoint: json(patch.checkpoint),
    notes: json(patch.notes),
  };
  for (const [key, value] of Object.entries(columns)) {
    if (value !== undefined) (set as Record<string, unknown>)[key] = value;
  }
  return set;
}

export function toRequestRow(row: Row): RequestRow {
  const stored = fromJsonColumn<StoredApproval[]>(row.approvals) ?? [];
  const out: RequestRow = {
    id: row.id,
    operation: row.operation,
    input: fromJsonColumn(row.input),
    requester: fromJsonColumn<Actor>(row.requester)!,
    preview: row.preview,
    approverGroup: row.approver_group,
    approvalsRequired: row.approvals_required,
    approvals: stored.filter((a): a is Approval => !isSelfConfirmation(a)),
    state: row.state as RequestState,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    updatedAt: row.updated_at,
  };
  const confirmed = stored.find(isSelfConfirmation);
  const optional: Partial<RequestRow> = {
    selfConfirmation: confirmed && { actor: confirmed.actor, person: confirmed.person, at: confirmed.at },
    decidedBy: fromJsonColumn<Actor>(row.decided_by),
    reason: row.reason ?? undefined,
    runner: row.runner ?? undefined,
    heartbeatAt: row.heartbeat_at ?? undefined,
    startedAt: row.started_at ?? undefined,
    finishedAt: row.finished_at ?? undefined,
    progress: fromJsonColumn<RequestRow['progress']>(row.progress),
    result: fromJsonColumn(row.result),
    error: fromJsonColumn<RequestRow['error']>(row.error),
    leftovers: fromJsonColumn<Record<string, unknown>[]>(row.leftovers),
    checkpoint: fromJsonColumn<Record<string, unknown>>(row.checkpoint),
    notes: fromJsonColumn<Record<string, unknown>>(row.notes),
    digest: row.digest ?? undefined,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

/**
 * The columns one more approval sets on a row, or undefined when it may not be added: the row is not pending, the
 * same person approved already, or it has every approval it needs. The last approval needed makes the row `approved`.
 */
export function approvalColumns(current: Row, approval: Approval, now: string): Updateable<RequestsTable> | undefined {
  if (current.state !== 'pending') return undefined;
  const approvals = fromJsonColumn<Approval[]>(current.approvals) ?? [];
  const person = (a: Approval) => a.person ?? a.actor.id;
  if (approvals.some((a) => person(a) === person(approval))) return undefined;
  if (approvals.length >= current.approvals_required) return undefined;
  const added = [...approvals, { ...approval, at: toTimeColumn(approval.at, 'approval.at') }];
  return {
    approvals: toJsonColumn(added) ?? '[]',
    ...(added.length >= current.approvals_required ? { state: 'approved' } : {}),
    updated_at: now,
    version: current.version + 1,
  };
}

/** Columns set when a runner claims an approved row (both engines). */
export function claimedColumns(runner: string, now: string) {
  return { state: 'running', runner, started_at: now, heartbeat_at: now, updated_at: now } as const;
}
