import type { Actor } from '../people/actor.js';
import type { Policy } from '../policy/policy.js';
import type { AuditEntry, AuditQuery, IncidentRow, RequestFilter, RequestRow, Store } from '../store/types.js';
import type { Approvals, Refusal, Verdict } from './approvals.js';
import type { JobChange, JobRunner } from './jobs.js';
import type { Progress } from './operation.js';
import { type RequestView, requestView, type Viewer } from './request-view.js';
import { type RequestSource, waitForRequest } from './wait-request.js';

export type Decision =
  | { verdict: 'approve'; comment?: string | undefined }
  | { verdict: 'deny'; reason: string }
  | { verdict: 'cancel'; reason?: string | undefined };

export interface FollowOptions {
  onProgress?: ((p: Progress) => void) | undefined;
  /** How long to follow a job another process claimed first. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The port through which operations and front doors see approval requests: read them, decide them, run an
 * approved one, hear of their changes, read the audit trail. Nothing outside the engine touches the store's
 * request rows or the job runner directly.
 */
export interface RequestDesk {
  /**
   * A request as the viewer may see it (expired first if its time is up). Without a viewer: as the approvals
   * channel shows it to the request's approvers.
   */
  get(id: string, viewer?: Viewer): Promise<RequestView>;
  /** Requests as the viewer may see them, newest first, after expiring those whose time is up. */
  list(filter: RequestFilter, viewer?: Viewer): Promise<RequestView[]>;
  /** Approves, denies or cancels as the actor; an approval that completes the count runs the action here. */
  decide(id: string, actor: Actor, decision: Decision, follow?: FollowOptions): Promise<RequestView>;
  /** Why the actor would be refused if they approved or denied now (nothing is recorded), or undefined. */
  refusalOf(id: string, actor: Actor, verdict: Verdict): Promise<Refusal | undefined>;
  /** Runs an approved request once (compare-and-set), or follows it to its end where another runner has it. */
  execute(id: string, follow?: FollowOptions): Promise<RequestView>;
  /** Called on every progress message and state change of a request run in this process. */
  subscribe(id: string, listener: (change: JobChange) => void): () => void;
  /** Called when a request starts waiting for approval in this process. */
  onOpened(listener: (view: RequestView) => void): () => void;
  /** A front door's own note on a request (where it showed it, say), kept beside the request. */
  note(id: string, door: string): Promise<Record<string, unknown> | undefined>;
  setNote(id: string, door: string, value: Record<string, unknown>): Promise<void>;
  /**
   * Claims the door's note for `owner` for `ttlMs` before the door makes what the note will record (compare-and-set
   * in the store, so one process of several wins): true when the door had no note, or only a claim that expired.
   * setNote replaces the claim with the record.
   */
  claimNote(id: string, door: string, claim: { owner: string; ttlMs: number }): Promise<boolean>;
  /** Gives the claim up if `owner` still holds it (making failed), so another process may try at once. */
  releaseNote(id: string, door: string, owner: string): Promise<void>;
  auditTrail(query: AuditQuery): Promise<AuditEntry[]>;
  /** The on-call incidents the watcher keeps, newest first (read-only here). */
  listIncidents(filter: {
    status?: 'open' | 'resolved' | undefined;
    limit?: number | undefined;
  }): Promise<IncidentRow[]>;
  getIncident(id: string): Promise<IncidentRow | undefined>;
  /** A front door's note on an incident (where its Slack message is). */
  setIncidentNote(id: string, door: string, value: Record<string, unknown>): Promise<void>;
}

export interface DeskDeps {
  store: Store;
  policy: Policy;
  approvals: Approvals;
  jobs: JobRunner;
}

/** The engine's desk: views through the policy, decisions through Approvals, runs through the JobRunner. */
export class Desk implements RequestDesk, RequestSource {
  constructor(private readonly deps: DeskDeps) {}

  row(id: string): Promise<RequestRow> {
    return this.deps.approvals.get(id);
  }

  view(row: RequestRow, viewer: Viewer = 'approvers'): Promise<RequestView> {
    return requestView(row, this.deps.policy, viewer);
  }

  async get(id: string, viewer: Viewer = 'approvers'): Promise<RequestView> {
    return this.view(await this.row(id), viewer);
  }

  async list(filter: RequestFilter, viewer: Viewer = 'approvers'): Promise<RequestView[]> {
    await this.deps.approvals.expireDue();
    const rows = await this.deps.store.requests.list(filter);
    return Promise.all(rows.map((r) => this.view(r, viewer)));
  }

  async decide(id: string, actor: Actor, decision: Decision, follow: FollowOptions = {}): Promise<RequestView> {
    const { approvals } = this.deps;
    if (decision.verdict === 'deny') return this.view(await approvals.deny(id, actor, decision.reason), actor);
    if (decision.verdict === 'cancel') return this.view(await approvals.cancel(id, actor, decision.reason), actor);
    const row = await approvals.approve(id, actor, decision.comment);
    return this.view(row.state === 'approved' ? await this.executeRow(id, follow) : row, actor);
  }

  async refusalOf(id: string, actor: Actor, verdict: Verdict): Promise<Refusal | undefined> {
    return this.deps.approvals.refusalOf(await this.row(id), actor, verdict);
  }

  async execute(id: string, follow: FollowOptions = {}): Promise<RequestView> {
    return this.view(await this.executeRow(id, follow));
  }

  /** As execute, with the row: the gateway turns it into its own answer. */
  async executeRow(id: string, follow: FollowOptions = {}): Promise<RequestRow> {
    const claimed = await this.deps.jobs.claim(id);
    if (claimed) return this.deps.jobs.runClaimed(claimed, this, follow.onProgress);
    // Another process or call claimed it first: follow it to its end rather than run it twice.
    return waitForRequest(this, id, {
      timeoutMs: follow.timeoutMs ?? 30 * 60_000,
      until: (r) => r.state !== 'approved' && r.state !== 'running',
      onProgress: follow.onProgress,
      signal: follow.signal,
    });
  }

  /** Runs a row that a background runner has already claimed. */
  runClaimed(row: RequestRow): Promise<RequestRow> {
    return this.deps.jobs.runClaimed(row, this);
  }

  subscribe(id: string, listener: (change: JobChange) => void): () => void {
    return this.deps.jobs.subscribe(id, listener);
  }

  onOpened(listener: (view: RequestView) => void): () => void {
    const onRow = (row: RequestRow) => {
      void this.view(row).then(listener);
    };
    this.deps.approvals.events.on('opened', onRow);
    return () => this.deps.approvals.events.off('opened', onRow);
  }

  async note(id: string, door: string): Promise<Record<string, unknown> | undefined> {
    const value = (await this.deps.store.requests.get(id))?.notes?.[door];
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  }

  async setNote(id: string, door: string, value: Record<string, unknown>): Promise<void> {
    const row = await this.deps.store.requests.get(id);
    await this.deps.store.requests.patch(id, { notes: { ...(row?.notes ?? {}), [door]: value } });
  }

  claimNote(id: string, door: string, claim: { owner: string; ttlMs: number }): Promise<boolean> {
    const now = Date.now();
    const until = new Date(now + claim.ttlMs).toISOString();
    return this.deps.store.requests.claimNote(id, door, { owner: claim.owner, until }, new Date(now).toISOString());
  }

  async releaseNote(id: string, door: string, owner: string): Promise<void> {
    await this.deps.store.requests.releaseNote(id, door, owner);
  }

  listIncidents(filter: { status?: 'open' | 'resolved' | undefined; limit?: number | undefined }) {
    return this.deps.store.incidents.list(filter);
  }

  getIncident(id: string) {
    return this.deps.store.incidents.get(id);
  }

  setIncidentNote(id: string, door: string, value: Record<string, unknown>) {
    return this.deps.store.incidents.setNote(id, door, value);
  }

  auditTrail(query: AuditQuery): Promise<AuditEntry[]> {
    return this.deps.store.audit.query(query);
  }
}
