import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type AnyOperation, summaryOf } from '../core/engine/operation.js';
import type { RequestView } from '../core/engine/request-view.js';
import { isNotFound, isPolicyRefusal } from '../core/errors/codes.js';
import { toOpsError } from '../core/errors/to-ops-error.js';

/*
 * Data and instructions stay apart: cloud-provided strings (names, descriptions, fault messages) only ever
 * appear inside structuredContent, the JSON block, or after "<tool>:" in the one-line summary. Guidance is
 * ours and goes in its own content block that starts with "blockops:".
 */

const text = (t: string) => ({ type: 'text' as const, text: t });
const json = (v: unknown) => text(JSON.stringify(v, null, 2));

/** A read, or a tool whose output is the operation's own: structuredContent is the operation's output. */
export function outputResult(op: AnyOperation, output: unknown): CallToolResult {
  const structured = output as Record<string, unknown>;
  return { content: [text(`${op.name}: ${summaryOf(op, output)}`), json(structured)], structuredContent: structured };
}

/** A write that ran: `{ status: 'succeeded', request_id?, result }` (the envelope every write tool answers in). */
export function succeededResult(op: AnyOperation, output: unknown, requestId: string | undefined): CallToolResult {
  const structured = { status: 'succeeded', ...(requestId ? { request_id: requestId } : {}), result: output };
  return {
    content: [text(`${op.name} succeeded: ${summaryOf(op, output)}`), json(structured)],
    structuredContent: structured,
  };
}

export interface PendingApproval {
  status: 'pending_approval';
  request_id: string;
  approver_group: string | null;
  approvers: string[];
  expires_at: string;
  preview: string;
}

/** A write waiting for a person: the assistant is told, in our words, who decides and how to follow up. */
export function pendingResult(op: AnyOperation, r: RequestView): CallToolResult {
  const structured: PendingApproval = {
    status: 'pending_approval',
    request_id: r.request_id,
    approver_group: r.approver_group,
    approvers: r.approvers,
    expires_at: r.expires_at,
    preview: r.preview,
  };
  const how = `in Slack or with \`blockops approve-request --request-id ${r.request_id}\``;
  // Approver ids come from our policy, not from the cloud, so they may stand in the guidance.
  const who = r.approvers.length
    ? `a person in the ${r.approver_group} group (${r.approvers.join(', ')}) must approve this before it runs, ${how}.`
    : `a person in the ${r.approver_group} group must approve this before it runs, but the group has no members yet: ` +
      `an admin must add some (approver_groups in the policy, or BLOCKOPS_APPROVERS); then one approves ${how}.`;
  return {
    content: [
      text(`${op.name}: waiting for approval as request ${r.request_id}; nothing has been done yet.`),
      text(
        `blockops: ${who} You cannot approve it yourself. Tell the user, then poll get_request with request_id ` +
          `${r.request_id} (the request expires at ${r.expires_at}).`,
      ),
      json(structured),
    ],
    structuredContent: structured as unknown as Record<string, unknown>,
  };
}

/** Expected and unexpected failures alike: isError, the stable code, what to do next; never a stack trace. */
export function errorResult(toolName: string, e: unknown): CallToolResult {
  const err = toOpsError(e);
  const content = [text(`${toolName} failed: ${err.code}: ${err.message}`)];
  const candidates = err.details?.['candidates'];
  const hint = nextStep(err.code, err.details);
  if (hint) content.push(text(`blockops: ${hint}`));
  if (Array.isArray(candidates) && candidates.length) content.push(json({ candidates }));
  const leftovers = err.details?.['leftovers'];
  if (Array.isArray(leftovers) && leftovers.length) content.push(json({ leftovers }));
  return { content, isError: true };
}

function nextStep(code: string, details: Record<string, unknown> | undefined): string | undefined {
  const requestId = typeof details?.['request_id'] === 'string' ? details['request_id'] : undefined;
  if (code === 'NAME.AMBIGUOUS_NAME') {
    return 'several resources have that name. Call the tool again with the id of the one you mean (candidates below), or ask the user which one.';
  }
  if (isNotFound(code)) {
    return 'nothing matched that name or id. Look it up with list_images, list_volumes or list_servers and call again with an exact id.';
  }
  if (code === 'VALIDATION.FAILED') return 'fix the arguments named above and call again.';
  if (code === 'APPROVAL.ASSISTANT' || code === 'APPROVAL.SELF_APPROVAL' || code === 'APPROVAL.NOT_APPROVER') {
    return (
      'approvals are decided by people, never by an assistant. Ask a member of the approver group to approve in ' +
      `Slack or with \`blockops approve-request --request-id ${requestId ?? '<id>'}\`, then poll get_request.`
    );
  }
  if (['APPROVAL.DENIED', 'APPROVAL.EXPIRED', 'APPROVAL.CANCELLED'].includes(code)) {
    return 'nothing was done. Ask the user before requesting it again.';
  }
  if (isPolicyRefusal(code) || code === 'POLICY.INVALID')
    return 'this is blockops policy; only a person who edits the policy can change it.';
  if (code === 'INTERNAL')
    return 'an unexpected failure; tell the user and quote the code above. Retrying may not help.';
  if (requestId) return `see get_request with request_id ${requestId} for the full record.`;
  return undefined;
}
