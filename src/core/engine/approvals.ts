import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ErrorCode } from '../errors/codes.js';
import { OpsError } from '../errors/ops-error.js';
import type { Actor } from '../people/actor.js';
import type { Policy } from '../policy/policy.js';
import type { ApprovalRule } from '../policy/schema.js';
import type { AuditEntryInput, NewRequest, RequestLimit, RequestRow, Store } from '../store/types.js';
import type { AnyOperation } from './operation.js';

export type Verdict = 'approve' | 'deny';
export interface Refusal {
  code: ErrorCode;
  message: string;
}

/**
 * Approval requests: pending → approved | denied | expired | cancelled. Every transition is a compare-and-set
 * in the store, so two approvers at once, or a double click, count once; every refusal is audited.
 */
export class Approvals {
  /** 'opened' (row) when a request starts waiting for approval, for front doors that announce it. */
  readonly events = new EventEmitter();

  constructor(
    private readonly store: Store,
    private readonly policy: Policy,
    private readonly now: () => Date,
  ) {}

  /**
   * Opens a request. It is created `pending` in every case and becomes runnable (`approved`) only once its audit
   * records are durable, so no runner can pick it up before the log says who asked. With no approval needed by
   * policy it is approved at once, and audited as such.
   */
  async open(
    op: AnyOperation,
    actor: Actor,
    rule: ApprovalRule | undefined,
    bound: { input: unknown; preview: string; digest: string },
    limit?: RequestLimit,
  ): Promise<RequestRow> {
    const { input, preview, digest } = bound;
    const request: NewRequest = {
      id: `req-${randomUUID()}`,
      operation: op.name,
      input,
      digest,
      requester: actor,
      preview,
      approverGroup: rule?.group ?? null,
      approvalsRequired: rule?.approvals ?? 0,
      expiresAt: new Date(this.now().getTime() + this.policy.expiryMs).toISOString(),
      state: 'pending',
    };
    const row = limit
      ? await this.store.requests.createWithinLimit(request, limit)
      : await this.store.requests.create(request);
    if (!row) {
      throw new OpsError(
        'POLICY.RATE_LIMITED',
        `You have asked for ${limit?.max} changes in the last hour, the policy's limit. Try again later.`,
      );
    }
    try {
      await this.audit(row, 'requested', actor, { input, details: { preview, digest } });
      if (!rule) await this.audit(row, 'approved', actor, { details: { by: 'policy: no approval needed' } });
    } catch (e) {
      // The action must not proceed without its audit record: withdraw the request.
      await this.store.requests.transition(row.id, ['pending'], 'cancelled', { reason: 'audit log unavailable' });
      if (e instanceof OpsError && e.code === 'AUDIT.KEY_MISMATCH') throw e; // says what to do: use the log's key
      throw new OpsError(
        'AUDIT.UNAVAILABLE',
        'The audit log could not be written, so nothing was done. Check the database.',
        {
          cause: e,
        },
      );
    }
    if (!rule) return (await this.store.requests.transition(row.id, ['pending'], 'approved')) ?? this.get(row.id);
    // Only requests a group decides are announced; a self-confirmation is between the requester and their client.
    if (rule.group !== null) this.events.emit('opened', row);
    return row;
  }

  /** Reads a request, expiring it first if its time is up. */
  async get(id: string): Promise<RequestRow> {
    const row = await this.store.requests.get(id);
    if (!row) throw new OpsError('APPROVAL.NOT_FOUND', `There is no request ${id}. List requests with list_requests.`);
    if (row.state === 'pending' && Date.parse(row.expiresAt) <= this.now().getTime()) {
      return (await this.expire(row)) ?? ((await this.store.requests.get(id)) as RequestRow);
    }
    return row;
  }

  async approve(id: string, actor: Actor, comment?: string): Promise<RequestRow> {
    const row = await this.decidable(id, actor, 'approve');
    const person = this.personOf(actor);
    // The approval, its audit record and (when it completes the count) the move to approved: one transaction.
    const added = await this.store.requests.addApprovalAudited(
      id,
      { actor, person, at: this.now().toISOString(), comment, digest: row.digest },
      (r) => ({
        event: 'approved',
        actor,
        operation: r.operation,
        requestId: r.id,
        details: { person, approvals: r.approvals.length, required: r.approvalsRequired, comment, digest: row.digest },
      }),
    );
    if (!added) {
      const current = await this.get(id);
      if (this.approvedBy(current, person)) {
        return this.refuse(current, actor, 'APPROVAL.ALREADY_APPROVED', `You have already approved ${id}.`);
      }
      const state = current.state === 'pending' ? 'approved by someone else just now' : current.state;
      return this.refuse(
        current,
        actor,
        'APPROVAL.ALREADY_DECIDED',
        `Request ${id} is already ${state}; nothing changed.`,
      );
    }
    return added;
  }

  /**
   * The requester confirms their own request in a client that asked them (MCP elicitation), only where the policy's
   * rule for the operation is self-confirmation (never where a group must approve). Recorded as
   * `self_confirmed_via_client`, apart from approvals: the client answered, and no second person looked at it.
   */
  async confirmOwn(id: string, actor: Actor): Promise<RequestRow> {
    const row = await this.get(id);
    if (row.state !== 'pending') {
      return this.refuse(
        row,
        actor,
        'APPROVAL.ALREADY_DECIDED',
        `Request ${id} is already ${row.state}; nothing changed.`,
      );
    }
    const person = this.personOf(actor);
    if (person !== this.personOf(row.requester) || !this.policy.approvalFor(row.operation)?.allow_self_confirmation) {
      return this.refuse(
        row,
        actor,
        'APPROVAL.CONFIRMATION_NOT_ALLOWED',
        `The policy does not let the requester confirm ${row.operation} themselves; the ${row.approverGroup} group must approve ${id}.`,
      );
    }
    const at = this.now().toISOString();
    const moved = await this.store.requests.transition(id, ['pending'], 'approved', {
      selfConfirmation: { actor, person, at },
    });
    if (!moved) return this.alreadyDecided(id, actor);
    await this.audit(moved, 'self_confirmed_via_client', actor, {
      details: { person, note: 'confirmed in the requester’s own client; no approval by another person' },
    });
    return moved;
  }

  async deny(id: string, actor: Actor, reason: string): Promise<RequestRow> {
    await this.decidable(id, actor, 'deny');
    const row = await this.store.requests.transition(id, ['pending'], 'denied', { decidedBy: actor, reason });
    if (!row) return this.alreadyDecided(id, actor);
    await this.audit(row, 'denied', actor, { details: { reason } });
    return row;
  }

  /** The requester (or an approver) withdraws a request that has not started. */
  async cancel(id: string, actor: Actor, reason?: string): Promise<RequestRow> {
    const current = await this.get(id);
    // An assistant cancels only what its own person asked for; a person also what their group approves.
    const mayCancel =
      this.personOf(current.requester) === this.personOf(actor) ||
      (actor.via !== 'mcp' &&
        current.approverGroup !== null &&
        (await this.policy.isApprover(current.approverGroup, actor)));
    if (!mayCancel) {
      return this.refuse(current, actor, 'APPROVAL.NOT_ALLOWED', `Only the requester or an approver can cancel ${id}.`);
    }
    const row = await this.store.requests.transition(id, ['pending', 'approved'], 'cancelled', {
      decidedBy: actor,
      reason,
    });
    if (!row) return this.alreadyDecided(id, actor);
    await this.audit(row, 'cancelled', actor, { details: { reason } });
    return row;
  }

  /** Moves every pending request whose time is up to `expired`. Returns how many expired. */
  async expireDue(): Promise<number> {
    const due = await this.store.requests.listExpired(this.now().toISOString());
    let n = 0;
    for (const row of due) if (await this.expire(row)) n++;
    return n;
  }

  private async expire(row: RequestRow): Promise<RequestRow | undefined> {
    const expired = await this.store.requests.transition(row.id, ['pending'], 'expired');
    if (expired) await this.audit(expired, 'expired', { id: 'blockops', via: 'system' }, {});
    return expired;
  }

  /** Common checks before approve/deny: the request is pending, not the requester's own, and the actor may decide. */
  private async decidable(id: string, actor: Actor, verb: Verdict): Promise<RequestRow> {
    const row = await this.get(id);
    const refusal = await this.refusalOf(row, actor, verb);
    return refusal ? this.refuse(row, actor, refusal.code, refusal.message) : row;
  }

  /**
   * Why this actor may not approve or deny this request now, or undefined when they may: the one rule, used to
   * decide and to tell a door beforehand (a deny button opens no reason form for someone who would be refused).
   */
  async refusalOf(row: RequestRow, actor: Actor, verb: Verdict): Promise<Refusal | undefined> {
    const id = row.id;
    if (row.state === 'expired') {
      return { code: 'APPROVAL.EXPIRED', message: `Request ${id} expired at ${row.expiresAt}; ask for it again.` };
    }
    if (row.state !== 'pending') {
      return { code: 'APPROVAL.ALREADY_DECIDED', message: `Request ${id} is already ${row.state}; nothing changed.` };
    }
    if (actor.via === 'mcp') {
      return {
        code: 'APPROVAL.ASSISTANT',
        message:
          `An assistant cannot ${verb} requests. A person in the ${row.approverGroup} group decides in Slack or with ` +
          `\`blockops ${verb}-request --request-id ${id}\`.`,
      };
    }
    if (verb === 'approve' && actor.via === 'cli' && !this.policy.localCliApproves(this.store.engine)) {
      const why =
        this.policy.doc.local_cli.approve === false
          ? 'the policy sets local_cli.approve: false'
          : 'the store is a shared PostgreSQL database and the policy does not set local_cli.approve: true';
      return {
        code: 'APPROVAL.LOCAL_CLI',
        message:
          `A CLI user on the database cannot approve here (${why}). Approve ${id} in Slack, or with the CLI through ` +
          '`blockops serve`: set BLOCKOPS_URL and BLOCKOPS_TOKEN (your own token) and run the same command.',
      };
    }
    const person = this.personOf(actor);
    if (this.personOf(row.requester) === person) {
      return { code: 'APPROVAL.SELF_APPROVAL', message: `You asked for ${id}, so someone else must ${verb} it.` };
    }
    if (row.approverGroup === null) {
      return {
        code: 'APPROVAL.CONFIRMATION_NOT_ALLOWED',
        message: `Request ${id} needs no approval from a group: only its requester can confirm it, in their client.`,
      };
    }
    if (!(await this.policy.isApprover(row.approverGroup, actor))) {
      return {
        code: 'APPROVAL.NOT_APPROVER',
        message: `Only members of the "${row.approverGroup}" group can ${verb} ${id}.`,
      };
    }
    if (verb === 'approve' && this.approvedBy(row, person)) {
      return { code: 'APPROVAL.ALREADY_APPROVED', message: `You have already approved ${id}.` };
    }
    return undefined;
  }

  /** The person behind an actor, by the policy's `people:` section. */
  personOf(actor: Actor): string {
    return this.policy.people.personOf(actor);
  }

  private approvedBy(row: RequestRow, person: string): boolean {
    return row.approvals.some((a) => (a.person ?? this.personOf(a.actor)) === person);
  }

  private async alreadyDecided(id: string, actor: Actor): Promise<never> {
    const row = await this.get(id);
    return this.refuse(
      row,
      actor,
      'APPROVAL.ALREADY_DECIDED',
      `Request ${id} is already ${row.state}; nothing changed.`,
    );
  }

  private async refuse(row: RequestRow, actor: Actor, code: ErrorCode, message: string): Promise<never> {
    await this.audit(row, 'refused', actor, { error: { code, message } });
    throw new OpsError(code, message, { details: { request_id: row.id, state: row.state } });
  }

  private audit(
    row: RequestRow,
    event: AuditEntryInput['event'],
    actor: Actor,
    extra: Partial<AuditEntryInput>,
  ): Promise<unknown> {
    return this.store.audit.append({ event, actor, operation: row.operation, requestId: row.id, ...extra });
  }
}
