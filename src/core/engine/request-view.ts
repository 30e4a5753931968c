import { z } from 'zod';
import { redactUrlsDeep } from '../cloud/redact-url.js';
import type { Actor } from '../people/actor.js';
import type { Policy } from '../policy/policy.js';
import type { RequestRow } from '../store/types.js';

/** How a request looks to people and assistants: the same shape in CLI --json, MCP and Slack. */
export const requestViewSchema = z.object({
  request_id: z.string(),
  operation: z.string(),
  status: z.enum(['pending_approval', 'approved', 'denied', 'expired', 'cancelled', 'running', 'succeeded', 'failed']),
  requester: z.string(),
  requested_via: z.string(),
  preview: z.string(),
  input: z.unknown().optional(),
  approver_group: z.string().nullable(),
  approvers: z.array(z.string()),
  approvals_required: z.number(),
  approvals: z.array(z.object({ actor: z.string(), at: z.string() })),
  /** The requester confirmed it in their own client (MCP elicitation) instead of any approval: not a person's approval. */
  self_confirmed_via_client: z.object({ actor: z.string(), via: z.string(), at: z.string() }).optional(),
  /** True when this viewer may see only ids and states: input, preview, progress, result and messages are left out. */
  details_hidden: z.boolean().optional(),
  created_at: z.string(),
  expires_at: z.string(),
  decided_by: z.string().optional(),
  reason: z.string().optional(),
  progress: z.object({ message: z.string(), fraction: z.number().optional(), at: z.string() }).optional(),
  result: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  leftovers: z.array(z.record(z.string(), z.unknown())).optional(),
});

export type RequestView = z.infer<typeof requestViewSchema>;

/**
 * Who a view is for: an actor (CLI, MCP, a Slack user's own command), or `approvers`, the audience of the approval
 * message in the approvals channel.
 */
export type Viewer = Actor | 'approvers';

export const HIDDEN_PREVIEW = 'Only the requester, the approver group and admins see what this request does.';

/**
 * A request as this viewer may see it: its inputs and preview go only to the requester, the approvers of its group
 * and admins (others see ids and states), and secrets inside URLs go to nobody.
 */
export async function requestView(row: RequestRow, policy: Policy, viewer: Viewer): Promise<RequestView> {
  const full = {
    request_id: row.id,
    operation: row.operation,
    status: row.state === 'pending' ? 'pending_approval' : row.state,
    requester: row.requester.id,
    requested_via: row.requester.via,
    preview: row.preview,
    input: row.input,
    approver_group: row.approverGroup,
    approvers: row.approverGroup ? await policy.membersOf(row.approverGroup) : [],
    approvals_required: row.approvalsRequired,
    approvals: row.approvals.map((a) => ({ actor: a.actor.id, at: a.at })),
    ...(row.selfConfirmation
      ? {
          self_confirmed_via_client: {
            actor: row.selfConfirmation.actor.id,
            via: row.selfConfirmation.actor.via,
            at: row.selfConfirmation.at,
          },
        }
      : {}),
    created_at: row.createdAt,
    expires_at: row.expiresAt,
    ...(row.decidedBy ? { decided_by: row.decidedBy.id } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.progress ? { progress: stripUndefined(row.progress) } : {}),
    ...(row.result !== undefined && row.result !== null ? { result: row.result } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.leftovers?.length ? { leftovers: row.leftovers } : {}),
  } satisfies RequestView;
  if (await maySeeDetails(row, policy, viewer)) return redactUrlsDeep(full);
  const { input: _input, reason: _reason, progress: _progress, result: _result, leftovers: _leftovers, ...ids } = full;
  return {
    ...ids,
    preview: HIDDEN_PREVIEW,
    ...(row.error ? { error: { code: row.error.code, message: 'hidden' } } : {}),
    details_hidden: true,
  };
}

async function maySeeDetails(row: RequestRow, policy: Policy, viewer: Viewer): Promise<boolean> {
  if (viewer === 'approvers') return true;
  const { people } = policy;
  if (people.personOf(viewer) === people.personOf(row.requester)) return true;
  if (policy.isAdmin(viewer.id)) return true;
  return row.approverGroup !== null && policy.isApprover(row.approverGroup, viewer);
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
