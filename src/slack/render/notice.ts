import type { RequestView } from '../../core/engine/request-view.js';
import type { RequestRow } from '../../core/store/types.js';
import { describeRequester } from './approval.js';
import { context, message, type SlackMessage, section } from './blocks.js';
import { channelMention, code, escapeText, slackDate } from './escape.js';

/** Told to the person who asked for a write that now waits for approval. */
export function renderPending(r: RequestView, approvalsChannel: string | undefined): SlackMessage {
  const where = approvalsChannel ? ` in ${channelMention(approvalsChannel)}` : '';
  const how = approvalsChannel ? '' : ` An approver runs ${code(`/blockops approve ${r.request_id}`)}.`;
  return message(`Request ${escapeText(r.request_id)} waits for approval: ${escapeText(r.preview)}`, [
    section(
      `:hourglass_flowing_sand: Request ${code(r.request_id)} waits for approval by the ` +
        `${code(r.approver_group ?? 'approvers')} group${where}.${how}\n>${escapeText(r.preview)}`,
    ),
    context(`Expires ${slackDate(r.expires_at)}. You will get a message when it is decided.`),
  ]);
}

/**
 * What the requester is told after a decision and when the job ends. For a Slack requester this is a DM;
 * for others (MCP identities, CLI users) it goes in the approval message's thread.
 */
export function renderRequesterNotice(row: RequestRow, summary?: string): SlackMessage {
  const who = row.requester.via === 'slack' ? 'Your request' : `${describeRequester(row.requester)}'s request`;
  const what = `${who} ${code(row.id)} (${escapeText(row.preview)})`;
  const decider = row.decidedBy ? describeRequester(row.decidedBy) : 'blockops';
  const approvers = row.approvals.map((a) => describeRequester(a.actor)).join(', ') || 'the policy';
  const reason = row.reason ? `: ${escapeText(row.reason)}` : '.';
  const lines: Record<string, string> = {
    pending: `${what} has ${row.approvals.length} of ${row.approvalsRequired} approvals.`,
    approved: `:white_check_mark: ${what} was approved by ${approvers}; it is starting.`,
    running: `:gear: ${what} was approved by ${approvers}; it is running.`,
    succeeded: `:white_check_mark: ${what} succeeded${summary ? `: ${escapeText(summary)}` : '.'}`,
    failed: `:x: ${what} failed: ${escapeText(row.error?.message ?? 'see the approval thread')}`,
    denied: `:no_entry: ${what} was denied by ${decider}${reason}`,
    expired: `:hourglass: ${what} expired ${slackDate(row.expiresAt)} without a decision.`,
    cancelled: `:heavy_multiplication_x: ${what} was cancelled by ${decider}${reason}`,
  };
  const line = lines[row.state] ?? `${what} is ${row.state}.`;
  const tail =
    row.requester.via === 'slack' ? [] : [context(`The requester sees this with get_request ${code(row.id)}.`)];
  return message(line.replace(/:[a-z_]+: /, ''), [section(line), ...tail]);
}

/** Told (ephemerally) to an approver whose approval counted: how many more are needed, or that it runs. */
export function renderApprovalRecorded(row: RequestRow): SlackMessage {
  const more = row.approvalsRequired - row.approvals.length;
  const text =
    row.state === 'pending'
      ? `Your approval of ${code(row.id)} is recorded: ${row.approvals.length} of ${row.approvalsRequired}; ${more} more needed.`
      : `Your approval of ${code(row.id)} is recorded; the request is ${escapeText(row.state)} (progress in the approval thread).`;
  return message(text, [section(`:ballot_box_with_check: ${text}`)]);
}
