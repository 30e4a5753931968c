import { runCollecting } from '../../clients/request-ids.js';
import type { AuditKey } from '../audit/key.js';
import type { Cloud } from '../cloud/cloud.js';
import { ENDED_WITHOUT_RUNNING, type ErrorCode, storedCode } from '../errors/codes.js';
import { OpsError } from '../errors/ops-error.js';
import { describeZodError, toOpsError } from '../errors/to-ops-error.js';
import type { Actor } from '../people/actor.js';
import { limitViolation } from '../policy/limits.js';
import type { Policy } from '../policy/policy.js';
import type { RequestLimit, RequestRow, Store } from '../store/types.js';
import type { Approvals } from './approvals.js';
import { bindRequest } from './bind-request.js';
import {
  type AnyOperation,
  mayNeedApproval,
  type OperationContext,
  type Precheck,
  type Progress,
} from './operation.js';
import type { Registry } from './registry.js';
import type { Desk } from './request-desk.js';
import type { RequestView, Viewer } from './request-view.js';
import { sanitize } from './sanitize.js';
import { waitForRequest } from './wait-request.js';

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  /** For writes that need approval: wait this long for a decision (and the run) before returning pending. */
  waitSeconds?: number;
  signal?: AbortSignal;
  /**
   * A door that can ask the requester to confirm their own request (MCP elicitation). Used only where the
   * policy's rule for the operation allows self-confirmation; `dismissed` means no answer, and the request waits.
   */
  confirm?: ((request: RequestView) => Promise<'accept' | 'decline' | 'dismissed'>) | undefined;
}

export interface GatewayDeps {
  registry: Registry;
  policy: Policy;
  store: Store;
  approvals: Approvals;
  desk: Desk;
  cloud: () => Promise<Cloud>;
  now: () => Date;
  auditKey: AuditKey;
}

export type GatewayResult =
  | { status: 'succeeded'; output: unknown; request_id?: string }
  | { status: 'pending_approval'; request: RequestView };

/**
 * Every call from every front door: validate → authorize → (approval?) → audit → run as a durable job → audit.
 * Nothing reaches a client without passing here, so nothing escapes policy or audit.
 */
export class Gateway {
  constructor(private readonly deps: GatewayDeps) {}

  get registry(): Registry {
    return this.deps.registry;
  }

  /** Whether the policy lets the requester confirm this operation themselves (where a door can ask them). */
  allowsSelfConfirmation(opName: string): boolean {
    return this.deps.policy.approvalFor(opName)?.allow_self_confirmation === true;
  }

  /** The operations an actor may call at all (front doors list only these): none an assistant is always refused. */
  operationsFor(actor: Actor, opts: { readOnly?: boolean } = {}): AnyOperation[] {
    return this.registry
      .all()
      .filter(
        (op) =>
          (!opts.readOnly || op.effect === 'read') &&
          !(op.peopleOnly && actor.via === 'mcp') &&
          this.deps.policy.allows(op, actor.id),
      );
  }

  async run(opName: string, rawInput: unknown, actor: Actor, opts: RunOptions = {}): Promise<GatewayResult> {
    const op = this.registry.get(opName);
    const parsed = op.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new OpsError('VALIDATION.FAILED', `Invalid input for ${op.name}: ${describeZodError(parsed.error)}`, {
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      });
    }
    const input = parsed.data;
    if (!this.deps.policy.allows(op, actor.id)) {
      await this.refuse(
        op,
        actor,
        input,
        'POLICY.FORBIDDEN',
        `Your roles do not allow ${op.name}. Ask an admin to change the policy.`,
      );
    }
    if (!mayNeedApproval(op)) return { status: 'succeeded', output: await this.runInline(op, input, actor, opts) };

    let check: Precheck | undefined;
    if (op.precheck) {
      try {
        check = await op.precheck(input, { cloud: this.deps.cloud });
      } catch (e) {
        const err = toOpsError(e);
        await this.refuse(op, actor, input, err.code, err.message);
      }
    }
    const bound = bindRequest(op, input as Record<string, unknown>, check, this.deps.auditKey);
    // The one limits check: on what the operation will really use, where the input left a value open.
    const violation = limitViolation(this.deps.policy.limitsFor(op.name), bound.limitValues);
    if (violation) await this.refuse(op, actor, input, 'POLICY.LIMIT', `${op.name}: ${violation}.`);

    const selfConfirmation = this.allowsSelfConfirmation(op.name);
    if (selfConfirmation && !opts.confirm) {
      await this.refuse(
        op,
        actor,
        input,
        'APPROVAL.CONFIRMATION_UNAVAILABLE',
        `The policy lets ${op.name} run only once its requester confirms it in a client that asks them (an MCP ` +
          `client with elicitation), and this ${actor.via === 'mcp' ? 'MCP client' : actor.via} cannot ask. Use such ` +
          `a client, or ask an admin to require a group's approval for ${op.name} instead.`,
      );
    }
    const same = selfConfirmation ? undefined : await this.pendingTwin(bound.digest, actor);
    if (same) return this.answerPending(same, opts, actor);

    const row = await this.deps.approvals
      .open(op, actor, this.deps.policy.approvalFor(op.name), bound, this.rateLimit())
      .catch((e: unknown) => {
        const err = toOpsError(e);
        return err.code === 'POLICY.RATE_LIMITED'
          ? this.refuse(op, actor, input, err.code, err.message)
          : Promise.reject(e);
      });
    if (row.state === 'approved') return this.resultOf(await this.deps.desk.executeRow(row.id, opts), actor);
    if (selfConfirmation) return this.askRequester(row, actor, opts);
    return this.answerPending(row, opts, actor);
  }

  /** The same person's pending request for the same resolved input: asking twice opens one request. */
  private async pendingTwin(digest: string, actor: Actor): Promise<RequestRow | undefined> {
    const { people } = this.deps.policy;
    const rows = await this.deps.store.requests.list({ state: 'pending', digest, limit: 20 });
    return rows.find(
      (r) =>
        people.personOf(r.requester) === people.personOf(actor) && Date.parse(r.expiresAt) > this.deps.now().getTime(),
    );
  }

  private async answerPending(row: RequestRow, opts: RunOptions, actor: Actor): Promise<GatewayResult> {
    if ((opts.waitSeconds ?? 0) <= 0) return { status: 'pending_approval', request: await this.view(row, actor) };
    opts.onProgress?.({ message: `Waiting for approval of ${row.id} by the ${row.approverGroup} group` });
    return this.follow(row.id, {
      viewer: actor,
      waitMs: (opts.waitSeconds ?? 0) * 1000,
      onProgress: opts.onProgress,
      signal: opts.signal,
    });
  }

  /**
   * Follows a request for up to waitMs: waits for a decision, runs it here once approved (compare-and-set: once
   * only), or follows it while another process runs it. Pending at the end of the wait answers pending_approval.
   */
  async follow(
    id: string,
    opts: {
      waitMs: number;
      onProgress?: ((p: Progress) => void) | undefined;
      signal?: AbortSignal | undefined;
      /** Who the answer is for (the approvals channel when not given). */
      viewer?: Viewer | undefined;
    },
  ): Promise<GatewayResult> {
    const viewer = opts.viewer ?? 'approvers';
    const decided = await waitForRequest(this.deps.desk, id, {
      timeoutMs: opts.waitMs,
      until: (r) => r.state !== 'pending',
      signal: opts.signal,
    });
    if (decided.state === 'approved') {
      const follow = { timeoutMs: opts.waitMs, signal: opts.signal, onProgress: opts.onProgress };
      return this.resultOf(await this.deps.desk.executeRow(id, follow), viewer);
    }
    if (decided.state !== 'running') return this.resultOf(decided, viewer);
    const ended = await waitForRequest(this.deps.desk, id, {
      timeoutMs: opts.waitMs,
      until: (r) => r.state !== 'running',
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    return this.resultOf(ended, viewer);
  }

  /**
   * The requester confirms their own request in their client: accepted, it runs here; declined or left unanswered,
   * it is cancelled (no group can approve it instead).
   */
  private async askRequester(row: RequestRow, actor: Actor, opts: RunOptions): Promise<GatewayResult> {
    opts.onProgress?.({ message: `Asking the person at the client to confirm request ${row.id}` });
    const answer = await opts.confirm?.(await this.view(row, actor));
    if (answer === 'accept') {
      await this.deps.approvals.confirmOwn(row.id, actor);
      return this.resultOf(await this.deps.desk.executeRow(row.id, opts), actor);
    }
    const declined = answer === 'decline';
    await this.deps.approvals.cancel(
      row.id,
      actor,
      declined ? 'declined by the person in the MCP client' : 'not confirmed in the MCP client',
    );
    throw new OpsError(
      declined ? 'APPROVAL.DECLINED' : 'APPROVAL.CANCELLED',
      declined
        ? `The person declined; request ${row.id} is cancelled and nothing was done.`
        : `Nobody confirmed request ${row.id} in the client, so it is cancelled and nothing was done. Ask again ` +
            'and answer the confirmation.',
      { details: { request_id: row.id } },
    );
  }

  private async runInline(op: AnyOperation, input: unknown, actor: Actor, opts: RunOptions): Promise<unknown> {
    const ctx: OperationContext = {
      actor,
      requestId: undefined,
      cloud: this.deps.cloud,
      desk: this.deps.desk,
      now: this.deps.now,
      progress: (p) => opts.onProgress?.(p),
      signal: opts.signal ?? new AbortController().signal,
      checkpoint: async () => {},
      resumeFrom: undefined,
    };
    try {
      const raw = await runCollecting([], () => op.run(input, ctx));
      return sanitize(op.output.parse(raw));
    } catch (e) {
      throw toOpsError(e);
    }
  }

  /** A request's state as a gateway answer: its result, pending, or the OpsError it ended with. */
  async resultOf(row: RequestRow, viewer: Viewer): Promise<GatewayResult> {
    if (row.state === 'succeeded') return { status: 'succeeded', output: row.result, request_id: row.id };
    if (row.state === 'failed') {
      const err = row.error ?? { code: 'JOB.FAILED', message: 'The job failed.' };
      throw new OpsError(storedCode(err.code), err.message, {
        details: { request_id: row.id, leftovers: row.leftovers ?? [] },
      });
    }
    if (row.state === 'denied' || row.state === 'expired' || row.state === 'cancelled') {
      const why = row.reason ? `: ${row.reason}` : '';
      throw new OpsError(ENDED_WITHOUT_RUNNING[row.state], `Request ${row.id} was ${row.state}${why}.`, {
        details: { request_id: row.id },
      });
    }
    return { status: 'pending_approval', request: await this.view(row, viewer) };
  }

  private view(row: RequestRow, viewer: Viewer): Promise<RequestView> {
    return this.deps.desk.view(row, viewer);
  }

  /** The policy's writes-per-hour as a limit the store checks atomically when it creates the request. */
  private rateLimit(): RequestLimit | undefined {
    const perHour = this.deps.policy.doc.rate_limits.writes_per_hour;
    if (!perHour) return undefined;
    return { since: new Date(this.deps.now().getTime() - 3_600_000).toISOString(), max: perHour };
  }

  private async refuse(
    op: AnyOperation,
    actor: Actor,
    input: unknown,
    code: ErrorCode,
    message: string,
  ): Promise<never> {
    await this.deps.store.audit.append({
      event: 'refused',
      actor,
      operation: op.name,
      input,
      error: { code, message },
    });
    throw new OpsError(code, message);
  }
}
