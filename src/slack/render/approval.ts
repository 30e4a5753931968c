import { redactSecrets } from '../../core/audit/redact.js';
import type { Actor } from '../../core/people/actor.js';
import type { RequestRow } from '../../core/store/types.js';
import { type Block, context, header, message, type SlackMessage, section } from './blocks.js';
import { code, escapeText, slackDate, userMention } from './escape.js';
import { LIMITS, truncate } from './limits.js';

export const APPROVE_ACTION = 'blockops_approve';
export const DENY_ACTION = 'blockops_deny';

/** Who asked, in words: a person in Slack, an assistant's MCP identity, or a CLI login. */
export function describeRequester(a: Actor): string {
  const name = a.displayName && a.displayName !== a.id ? ` (${escapeText(a.displayName)})` : '';
  switch (a.via) {
    case 'slack':
      return userMention(a.id);
    case 'mcp':
      return `:robot_face: MCP identity ${code(a.id)}${name}`;
    case 'cli':
      return `:computer: CLI user ${code(a.id)}${name}`;
    default:
      return code(a.id);
  }
}

function approvedBy(row: RequestRow): string {
  return row.approvals.map((a) => `${describeRequester(a.actor)} ${slackDate(a.at)}`).join(', ');
}

/** The decision line of a request that is no longer pending (or the approvals so far while it is). */
export function decisionLine(row: RequestRow): string {
  const by = approvedBy(row);
  const reason = row.reason ? `: ${escapeText(row.reason)}` : '';
  const decider = row.decidedBy ? describeRequester(row.decidedBy) : 'blockops';
  switch (row.state) {
    case 'pending':
      return row.approvals.length
        ? `:hourglass_flowing_sand: ${row.approvals.length} of ${row.approvalsRequired} approvals so far: ${by}`
        : `:hourglass_flowing_sand: Waiting for ${row.approvalsRequired} approval(s) from the ${code(row.approverGroup ?? 'approvers')} group.`;
    case 'approved':
      return `:white_check_mark: Approved by ${by}. Starting…`;
    case 'running':
      return `:gear: Approved by ${by}. Running; progress in the thread.`;
    case 'succeeded':
      return `:white_check_mark: Approved by ${by}. *Succeeded* ${slackDate(row.finishedAt ?? row.updatedAt)}.`;
    case 'failed':
      return `:x: Approved by ${by}. *Failed*: ${escapeText(row.error?.message ?? 'see the thread')}`;
    case 'denied':
      return `:no_entry: *Denied* by ${decider} ${slackDate(row.updatedAt)}${reason}`;
    case 'expired':
      return `:hourglass: *Expired* ${slackDate(row.expiresAt)} without a decision. Ask again if it is still needed.`;
    case 'cancelled':
      return `:heavy_multiplication_x: *Cancelled* by ${decider} ${slackDate(row.updatedAt)}${reason}`;
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
 * Approve / Deny while it is pending; after a decision the same message shows who decided and when, without buttons.
 */
export function renderApproval(row: RequestRow, opTitle: string): SlackMessage {
  const pending = row.state === 'pending';
  const blocks: Block[] = [
    header(pending ? `Approval needed: ${opTitle}` : `${opTitle}: ${row.state}`),
    section(`${describeRequester(row.requester)} asks to:\n>${truncate(escapeText(row.preview), 2500)}`),
    context(
      `Request ${code(row.id)} · ${escapeText(row.operation)} · asked ${slackDate(row.createdAt)} · ` +
        `${pending ? 'expires' : 'expiry'} ${slackDate(row.expiresAt)}`,
    ),
  ];
  const input = inputText(row.input);
  if (input) blocks.push(context(`Input: ${input}`));
  blocks.push(section(decisionLine(row)));
  if (pending) {
    blocks.push({
      type: 'actions',
      block_id: 'approval',
      elements: [button('Approve', APPROVE_ACTION, row.id, 'primary'), button('Deny', DENY_ACTION, row.id, 'danger')],
    });
  }
  const who = row.requester.displayName ?? row.requester.id;
  const text = `${pending ? 'Approval needed' : row.state}: ${escapeText(row.preview)} (asked by ${escapeText(who)})`;
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
