import { z } from 'zod';
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
  input: z.unknown(),
  approver_group: z.string().nullable(),
  approvers: z.array(z.string()),
  approvals_required: z.number(),
  approvals: z.array(z.object({ actor: z.string(), at: z.string() })),
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

export async function requestView(row: RequestRow, policy: Policy): Promise<RequestView> {
  return {
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
    created_at: row.createdAt,
    expires_at: row.expiresAt,
    ...(row.decidedBy ? { decided_by: row.decidedBy.id } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    ...(row.progress ? { progress: stripUndefined(row.progress) } : {}),
    ...(row.result !== undefined && row.result !== null ? { result: row.result } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.leftovers?.length ? { leftovers: row.leftovers } : {}),
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
