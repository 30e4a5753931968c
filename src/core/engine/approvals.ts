import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ErrorCode } from '../errors/codes.js';
import { OpsError } from '../errors/ops-error.js';
import { type Actor, personOf } from '../people/actor.js';
import type { Policy } from '../policy/policy.js';
import type { ApprovalRule } from '../policy/schema.js';
import type { AuditEntryInput, RequestRow, Store } from '../store/types.js';
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
  async open(op: AnyOperation, input: unknown, actor: Actor, rule: ApprovalRule | undefined): Promise<RequestRow> {
    const preview = op.preview ? op.preview(input) : `${op.title}`;
    const row = await this.store.requests.create({
      id: `req-${randomUUID()}`,
      operation: op.name,
      input,
      requester: actor,
      preview,
      approverGroup: rule?.group ?? null,
      approvalsRequired: rule?.approvals ?? 0,
      expiresAt: new Date(this.now().getTime() + this.policy.expiryMs).toISOString(),
      state: 'pending',
    });
    try {
      await this.audit(row, 'requested', actor, { input, details: { preview } });
      if (!rule) await this.audit(row, 'approved', actor, { details: { by: 'policy: no approval needed' } });
    } catch (e) {
      // The action must not proceed without its audit record: withdraw the request.
      await this.store.requests.transition(row.id, ['pending'], 'cancelled', { reason: 'audit log unavailable' });
      throw new OpsError(
        'AUDIT.UNAVAILABLE',
        'The audit log could not be written, so nothing was done. Check the database.',
        {
          cause: e,
        },
      );
    }
    if (!rule) return (await this.store.requests.transition(row.id, ['pending'], 'approved')) ?? this.get(row.id);
    this.events.emit('opened', row);
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
    const added = await this.store.requests.addApproval(id, { actor, at: this.now().toISOString(), comment });
    if (!added) {
      const current = await this.get(id);
      if (current.approvals.some((a) => a.actor.id === actor.id)) {
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
    await this.audit(row, 'approved', actor, {
      details: { approvals: added.approvals.length, required: added.approvalsRequired, comment },
    });
    if (added.approvals.length < added.approvalsRequired) return added;
    return (await this.store.requests.transition(id, ['pending'], 'approved')) ?? (await this.get(id));
  }

  /**
   * The requester confirms their own action (MCP elicitation: a person answered in their client), only where
   * the policy's rule for the operation has allow_self_confirmation. Counts as every approval needed.
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
    if (
      personOf(row.requester) !== personOf(actor) ||
      !this.policy.approvalFor(row.operation)?.allow_self_confirmation
    ) {
      return this.refuse(
        row,
        actor,
        'APPROVAL.CONFIRMATION_NOT_ALLOWED',
        `The policy does not let the requester confirm ${row.operation} themselves; the ${row.approverGroup} group must approve ${id}.`,
      );
    }
    const moved = await this.store.requests.transition(id, ['pending'], 'approved');
    if (!moved) return this.alreadyDecided(id, actor);
    await this.audit(moved, 'approved', actor, { details: { by: 'requester confirmation (MCP elicitation)' } });
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
    const mayCancel =
      personOf(current.requester) === personOf(actor) ||
      (current.approverGroup !== null && (await this.policy.isApprover(current.approverGroup, actor.id)));
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
    if (personOf(row.requester) === personOf(actor)) {
      return { code: 'APPROVAL.SELF_APPROVAL', message: `You asked for ${id}, so someone else must ${verb} it.` };
    }
    const group = row.approverGroup ?? 'approvers';
    if (!(await this.policy.isApprover(group, actor.id))) {
      return { code: 'APPROVAL.NOT_APPROVER', message: `Only members of the "${group}" group can ${verb} ${id}.` };
    }
    return undefined;
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
