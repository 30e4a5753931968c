import { EventEmitter } from 'node:events';
import { type RequestRecord, runCollecting } from '../../clients/request-ids.js';
import { log } from '../../log.js';
import type { AuditKey } from '../audit/key.js';
import type { Cloud } from '../cloud/cloud.js';
import { OpsError } from '../errors/ops-error.js';
import { toOpsError } from '../errors/to-ops-error.js';
import type { AuditEntryInput, RequestPatch, RequestRow, Store } from '../store/types.js';
import { inputMismatch } from './approved-input.js';
import { recoverStaleJobs } from './job-recovery.js';
import type { OperationContext, Progress } from './operation.js';
import type { Registry } from './registry.js';
import type { RequestDesk } from './request-desk.js';
import { sanitize } from './sanitize.js';

export interface JobRunnerDeps {
  store: Store;
  registry: Registry;
  cloud: () => Promise<Cloud>;
  /** Identifies this process in `runner`; a stale heartbeat from it means it died. */
  runnerId: string;
  heartbeatMs?: number;
  now: () => Date;
  /** Checks that a job's input is what was approved (see approved-input.ts). */
  auditKey: AuditKey;
}

/** What a subscriber hears: a progress message, or the row after a state change. */
export type JobChange = Partial<RequestRow> & { progress?: RequestRow['progress'] };

/** Runs approved requests as durable jobs: claim (compare-and-set), audit, run, record the outcome, audit. */
export class JobRunner {
  private readonly events = new EventEmitter();
  private readonly heartbeatMs: number;

  constructor(private readonly deps: JobRunnerDeps) {
    this.heartbeatMs = deps.heartbeatMs ?? 5_000;
    this.events.setMaxListeners(0);
  }

  /** Called with every progress message and state change of a request run in this process. */
  subscribe(id: string, listener: (change: JobChange) => void): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  /** Claims an `approved` request for this runner (compare-and-set): undefined when someone else has it. */
  claim(id: string): Promise<RequestRow | undefined> {
    const stamp = this.deps.now().toISOString();
    return this.deps.store.requests.transition(id, ['approved'], 'running', {
      runner: this.deps.runnerId,
      startedAt: stamp,
      heartbeatAt: stamp,
    });
  }

  /**
   * Runs a row this runner claimed. Every run in this process is tracked, whoever started it (the background
   * runner, an approval in Slack, an assistant waiting over MCP), so shutdown can give them all a grace period.
   */
  runClaimed(row: RequestRow, desk: RequestDesk, onProgress?: (p: Progress) => void): Promise<RequestRow> {
    const run = this.run(row, desk, onProgress);
    this.inFlight.add(run);
    const untrack = () => this.inFlight.delete(run);
    run.then(untrack, untrack);
    return run;
  }

  /** The runs under way in this process. */
  running(): Promise<RequestRow>[] {
    return [...this.inFlight];
  }

  private readonly inFlight = new Set<Promise<RequestRow>>();

  private async run(row: RequestRow, desk: RequestDesk, onProgress?: (p: Progress) => void): Promise<RequestRow> {
    const { store } = this.deps;
    const op = this.deps.registry.get(row.operation);
    const mismatch = inputMismatch(row, this.deps.auditKey);
    if (mismatch) return this.refuseChanged(row, mismatch);
    try {
      await store.audit.append({ event: 'started', actor: row.requester, operation: op.name, requestId: row.id });
    } catch (e) {
      const keyMismatch = e instanceof OpsError && e.code === 'AUDIT.KEY_MISMATCH';
      const error = keyMismatch
        ? { code: e.code, message: e.message }
        : { code: 'AUDIT.UNAVAILABLE', message: 'The audit log could not be written, so the action did not run.' };
      await this.finish(row, 'failed', { error, finishedAt: this.deps.now().toISOString() });
      if (keyMismatch) throw e;
      throw new OpsError('AUDIT.UNAVAILABLE', `${error.message} Check the database.`, { cause: e });
    }
    const started = Date.now();
    const requests: RequestRecord[] = [];
    const heartbeat = setInterval(() => {
      store.requests.patch(row.id, { heartbeatAt: this.deps.now().toISOString() }).catch(() => {});
    }, this.heartbeatMs);
    heartbeat.unref();
    let checkpoint = row.checkpoint;
    const ctx: OperationContext = {
      actor: row.requester,
      requestId: row.id,
      cloud: this.deps.cloud,
      desk,
      now: this.deps.now,
      signal: new AbortController().signal,
      resumeFrom: row.checkpoint,
      progress: (p) => this.progress(row.id, p, onProgress),
      checkpoint: async (data) => {
        checkpoint = { ...checkpoint, ...data };
        await store.requests.patch(row.id, { checkpoint });
      },
    };
    type Outcome = { ok: true; output: unknown } | { ok: false; err: OpsError; leftovers: Record<string, unknown>[] };
    let outcome: Outcome;
    try {
      const raw = await runCollecting(requests, () => op.run(row.input, ctx));
      const parsed = op.output.safeParse(raw);
      outcome = parsed.success
        ? { ok: true, output: sanitize(parsed.data) }
        : {
            // The cloud work is done but the answer is not what the operation promises: our bug, and what it made stays.
            ok: false,
            err: new OpsError('INTERNAL.BAD_OUTPUT', `${op.name} finished, but its result did not match its schema.`),
            leftovers: checkpoint && Object.keys(checkpoint).length ? [checkpoint] : [],
          };
    } catch (e) {
      const err = toOpsError(e);
      outcome = {
        ok: false,
        err,
        leftovers: (err.details?.['leftovers'] as Record<string, unknown>[] | undefined) ?? [],
      };
    } finally {
      clearInterval(heartbeat);
    }
    const record = { actor: row.requester, operation: op.name, requestId: row.id, apiRequests: requests };
    const durationMs = Date.now() - started;
    const finishedAt = this.deps.now().toISOString();
    if (outcome.ok) {
      const { row: done, moved } = await this.finish(row, 'succeeded', { result: outcome.output, finishedAt });
      if (moved) {
        await this.auditOutcome({
          ...record,
          event: 'succeeded',
          durationMs,
          resources: op.resources?.(row.input, outcome.output),
        });
      }
      return done;
    }
    const { err, leftovers } = outcome;
    const error = { code: err.code, message: err.message };
    const { row: done, moved } = await this.finish(row, 'failed', { error, leftovers, finishedAt });
    if (moved) {
      await this.auditOutcome({
        ...record,
        event: 'failed',
        durationMs,
        resources: op.resources?.(row.input, undefined),
        error,
        details: { leftovers, cleanup: leftovers.length ? 'resources left behind' : 'nothing left behind' },
      });
    }
    return done;
  }

  /** A request whose input is not what was approved fails before anything reaches the cloud, and says why. */
  private async refuseChanged(row: RequestRow, why: string): Promise<RequestRow> {
    const error = {
      code: 'APPROVAL.INPUT_CHANGED',
      message: `Request ${row.id} was not run: ${why}. Nothing was done; ask for it again and have it approved.`,
    };
    const { row: done, moved } = await this.finish(row, 'failed', {
      error,
      leftovers: [],
      finishedAt: this.deps.now().toISOString(),
    });
    if (moved) {
      await this.auditOutcome({
        event: 'failed',
        actor: row.requester,
        operation: row.operation,
        requestId: row.id,
        error,
        details: { digest: row.digest ?? null, cleanup: 'nothing done' },
      });
    }
    return done;
  }

  /**
   * The outcome record comes after the action, so a failure to write it cannot undo anything: it is logged
   * loudly (the row itself holds the outcome) rather than turned into a second, contradicting outcome.
   */
  private async auditOutcome(entry: AuditEntryInput): Promise<void> {
    try {
      await this.deps.store.audit.append(entry);
    } catch (e) {
      log.error(
        { err: e, request: entry.requestId, event: entry.event },
        'could not write the audit record of an outcome',
      );
    }
  }

  /** After a restart: jobs whose runner died are failed with what they left behind (see recover-jobs.ts). */
  recoverStale(staleAfterMs: number): Promise<RequestRow[]> {
    return recoverStaleJobs(this.deps.store, this.deps.now, staleAfterMs, this.deps.cloud);
  }

  private readonly lastStored = new Map<string, number>();

  /** Every message reaches in-process listeners; the store gets at most two a second, so a fast upload does not flood it. */
  private progress(id: string, p: Progress, onProgress?: (p: Progress) => void): void {
    const progress = { message: p.message, fraction: p.fraction, at: this.deps.now().toISOString() };
    onProgress?.(p);
    this.events.emit(id, { progress });
    const last = this.lastStored.get(id) ?? 0;
    if (Date.now() - last < 500) return;
    this.lastStored.set(id, Date.now());
    this.deps.store.requests.patch(id, { progress }).catch(() => {});
  }

  /** Moves the row out of running; `moved` is false when someone else (recovery) already had. */
  private async finish(
    row: RequestRow,
    state: 'succeeded' | 'failed',
    patch: RequestPatch,
  ): Promise<{ row: RequestRow; moved: boolean }> {
    const done = await this.deps.store.requests.transition(row.id, ['running'], state, patch);
    const final = done ?? ((await this.deps.store.requests.get(row.id)) as RequestRow);
    this.events.emit(row.id, final);
    return { row: final, moved: done !== undefined };
  }
}
