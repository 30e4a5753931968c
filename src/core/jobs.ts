import { EventEmitter } from 'node:events';
import { type RequestRecord, runCollecting } from '../clients/request-ids.js';
import type { Cloud } from './cloud.js';
import { toOpsError } from './error-mapping.js';
import { OpsError } from './errors.js';
import type { OperationContext, Progress } from './operation.js';
import { recoverStaleJobs } from './recover-jobs.js';
import type { Registry } from './registry.js';
import { sanitize } from './sanitize.js';
import type { Services } from './services.js';
import type { RequestPatch, RequestRow, Store } from './store/types.js';
import { waitForRequest } from './wait-request.js';

export interface JobRunnerDeps {
  store: Store;
  registry: Registry;
  cloud: () => Promise<Cloud>;
  services: () => Services;
  /** Identifies this process in `runner`; a stale heartbeat from it means it died. */
  runnerId: string;
  heartbeatMs?: number;
  now: () => Date;
}

/** Runs approved requests as durable jobs: claim (compare-and-set), audit, run, record the outcome, audit. */
export class JobRunner {
  private readonly events = new EventEmitter();
  private readonly heartbeatMs: number;

  constructor(private readonly deps: JobRunnerDeps) {
    this.heartbeatMs = deps.heartbeatMs ?? 5_000;
    this.events.setMaxListeners(0);
  }

  /** Called with every progress message and state change of a request run in this process. */
  subscribe(
    id: string,
    listener: (row: Partial<RequestRow> & { progress?: RequestRow['progress'] }) => void,
  ): () => void {
    this.events.on(id, listener);
    return () => this.events.off(id, listener);
  }

  /**
   * Runs an `approved` request once. If another process or call claimed it first, returns the row as it is
   * (the caller can wait for it); the compare-and-set makes double execution impossible.
   */
  async execute(id: string, onProgress?: (p: Progress) => void, followMs = 30 * 60_000): Promise<RequestRow> {
    const { store, now, runnerId } = this.deps;
    const stamp = now().toISOString();
    const claimed = await store.requests.transition(id, ['approved'], 'running', {
      runner: runnerId,
      startedAt: stamp,
      heartbeatAt: stamp,
    });
    if (claimed) return this.runClaimed(claimed, onProgress);
    // Another process claimed it first: follow it to its end rather than run it twice.
    return waitForRequest(this.deps.services(), id, {
      timeoutMs: followMs,
      until: (r) => r.state !== 'approved' && r.state !== 'running',
      onProgress,
    });
  }

  async runClaimed(row: RequestRow, onProgress?: (p: Progress) => void): Promise<RequestRow> {
    const { store } = this.deps;
    const op = this.deps.registry.get(row.operation);
    try {
      await store.audit.append({ event: 'started', actor: row.requester, operation: op.name, requestId: row.id });
    } catch (e) {
      const error = {
        code: 'AUDIT.UNAVAILABLE',
        message: 'The audit log could not be written, so the action did not run.',
      };
      await this.finish(row, 'failed', { error, finishedAt: this.deps.now().toISOString() });
      throw new OpsError(error.code, `${error.message} Check the database.`, { cause: e });
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
      services: this.deps.services(),
      signal: new AbortController().signal,
      resumeFrom: row.checkpoint,
      progress: (p) => this.progress(row.id, p, onProgress),
      checkpoint: async (data) => {
        checkpoint = { ...checkpoint, ...data };
        await store.requests.patch(row.id, { checkpoint });
      },
    };
    try {
      const raw = await runCollecting(requests, () => op.run(row.input, ctx));
      const output = sanitize(op.output.parse(raw));
      const finished = await this.finish(row, 'succeeded', {
        result: output,
        finishedAt: this.deps.now().toISOString(),
      });
      await store.audit.append({
        event: 'succeeded',
        actor: row.requester,
        operation: op.name,
        requestId: row.id,
        resources: op.resources?.(row.input, output),
        apiRequests: requests,
        durationMs: Date.now() - started,
      });
      return finished;
    } catch (e) {
      const err = toOpsError(e);
      const leftovers = (err.details?.['leftovers'] as Record<string, unknown>[] | undefined) ?? [];
      const finished = await this.finish(row, 'failed', {
        error: { code: err.code, message: err.message },
        leftovers,
        finishedAt: this.deps.now().toISOString(),
      });
      await store.audit
        .append({
          event: 'failed',
          actor: row.requester,
          operation: op.name,
          requestId: row.id,
          resources: op.resources?.(row.input, undefined),
          apiRequests: requests,
          durationMs: Date.now() - started,
          error: { code: err.code, message: err.message },
          details: { leftovers, cleanup: leftovers.length ? 'resources left behind' : 'nothing left behind' },
        })
        .catch(() => {});
      return finished;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** After a restart: jobs whose runner died are failed with what they left behind (see recover-jobs.ts). */
  recoverStale(staleAfterMs: number): Promise<RequestRow[]> {
    return recoverStaleJobs(this.deps.store, this.deps.now, staleAfterMs);
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

  private async finish(row: RequestRow, state: 'succeeded' | 'failed', patch: RequestPatch): Promise<RequestRow> {
    const done = await this.deps.store.requests.transition(row.id, ['running'], state, patch);
    const final = done ?? ((await this.deps.store.requests.get(row.id)) as RequestRow);
    this.events.emit(row.id, final);
    return final;
  }
}
