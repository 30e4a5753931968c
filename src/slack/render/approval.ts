import { redactSecrets } from '../../core/audit/redact.js';
import type { RequestView } from '../../core/engine/request-view.js';
import { type Block, context, header, message, type SlackMessage, section } from './blocks.js';
import { code, escapeText, slackDate, userMention } from './escape.js';
import { LIMITS, truncate } from './limits.js';

export const APPROVE_ACTION = 'blockops_approve';
export const DENY_ACTION = 'blockops_deny';

/** Who asked, in words: a person in Slack, an assistant's MCP identity, or a CLI login. */
export function describeRequester(view: RequestView): string {
  const id = view.requester;
  switch (view.requested_via) {
    case 'slack':
      return userMention(id);
    case 'mcp':
      return `:robot_face: MCP identity ${code(id)}`;
    case 'cli':
      return `:computer: CLI user ${code(id)}`;
    default:
      return code(id);
  }
}

/** Someone who approved, denied or cancelled: the requester as above, anyone else as a Slack mention or a login. */
export function describeDecider(view: RequestView, id: string): string {
  return id === view.requester ? describeRequester(view) : userMention(id);
}

/** Said of a request its requester confirmed in their own client: never "approved by" a person. */
export function selfConfirmedLine(view: RequestView): string | undefined {
  const c = view.self_confirmed_via_client;
  return c && `self-confirmed via client by ${describeRequester(view)} ${slackDate(c.at)}, with no approver`;
}

function approvedBy(view: RequestView): string {
  return view.approvals.map((a) => `${describeDecider(view, a.actor)} ${slackDate(a.at)}`).join(', ');
}

/** The decision line of a request that is no longer pending (or the approvals so far while it is). */
export function decisionLine(view: RequestView): string {
  const self = selfConfirmedLine(view);
  if (self && ['approved', 'running', 'succeeded', 'failed'].includes(view.status)) {
    return `:ballot_box_with_check: ${self[0]?.toUpperCase()}${self.slice(1)}. *${escapeText(view.status)}*.`;
  }
  const by = approvedBy(view);
  const reason = view.reason ? `: ${escapeText(view.reason)}` : '';
  const decider = view.decided_by ? describeDecider(view, view.decided_by) : 'blockops';
  switch (view.status) {
    case 'pending_approval':
      return view.approvals.length
        ? `:hourglass_flowing_sand: ${view.approvals.length} of ${view.approvals_required} approvals so far: ${by}`
        : `:hourglass_flowing_sand: Waiting for ${view.approvals_required} approval(s) from the ${code(view.approver_group ?? 'approvers')} group.`;
    case 'approved':
      return `:white_check_mark: Approved by ${by}. Starting…`;
    case 'running':
      return `:gear: Approved by ${by}. Running; progress in the thread.`;
    case 'succeeded':
      return `:white_check_mark: Approved by ${by}. *Succeeded*.`;
    case 'failed':
      return `:x: Approved by ${by}. *Failed*: ${escapeText(view.error?.message ?? 'see the thread')}`;
    case 'denied':
      return `:no_entry: *Denied* by ${decider}${reason}`;
    case 'expired':
      return `:hourglass: *Expired* ${slackDate(view.expires_at)} without a decision. Ask again if it is still needed.`;
    case 'cancelled':
      return `:heavy_multiplication_x: *Cancelled* by ${decider}${reason}`;
  }
}

/** The exact input, for approvers; secrets (by key, and credentials inside URLs) are masked. */
function inputText(input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  const pairs = Object.entries(redactSecrets(input) as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .map((pair) => pair.replace(/\/\/[^/@\s]+@/g, '//[redacted]@'));
  return truncate(escapeText(pairs.join('  ')), 1000);
}

/**
 * The approval message in the approvals channel: who asked, exactly what will happen, when it expires, and
 * Approve / Deny while it is pending; after a decision the same message shows who decided, without buttons.
 */
export function renderApproval(view: RequestView, opTitle: string): SlackMessage {
  const pending = view.status === 'pending_approval';
  const blocks: Block[] = [
    header(pending ? `Approval needed: ${opTitle}` : `${opTitle}: ${view.status}`),
    section(`${describeRequester(view)} asks to:\n>${truncate(escapeText(view.preview), 2500)}`),
    context(
      `Request ${code(view.request_id)} · ${escapeText(view.operation)} · asked ${slackDate(view.created_at)} · ` +
        `${pending ? 'expires' : 'expiry'} ${slackDate(view.expires_at)}`,
    ),
  ];
  const input = inputText(view.input);
  if (input) blocks.push(context(`Input: ${input}`));
  blocks.push(section(decisionLine(view)));
  if (pending) {
    blocks.push({
      type: 'actions',
      block_id: 'approval',
      elements: [
        button('Approve', APPROVE_ACTION, view.request_id, 'primary'),
        button('Deny', DENY_ACTION, view.request_id, 'danger'),
      ],
    });
  }
  const text = `${pending ? 'Approval needed' : view.status}: ${escapeText(view.preview)} (asked by ${escapeText(view.requester)})`;
  return message(text, blocks);
}

function button(label: string, actionId: string, value: string, style: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text: label.slice(0, LIMITS.buttonText) },
    action_id: actionId,
    value,
    style,
  };
}
