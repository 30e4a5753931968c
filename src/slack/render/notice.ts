import type { RequestView } from '../../core/engine/request-view.js';
import { describeDecider, describeRequester } from './approval.js';
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
export function renderRequesterNotice(view: RequestView, summary?: string): SlackMessage {
  const slack = view.requested_via === 'slack';
  const who = slack ? 'Your request' : `${describeRequester(view)}'s request`;
  const what = `${who} ${code(view.request_id)} (${escapeText(view.preview)})`;
  const decider = view.decided_by ? describeDecider(view, view.decided_by) : 'blockops';
  const approvers = view.approvals.map((a) => describeDecider(view, a.actor)).join(', ') || 'the policy';
  const approved = view.self_confirmed_via_client
    ? 'self-confirmed via client by its requester, with no approver'
    : `approved by ${approvers}`;
  const reason = view.reason ? `: ${escapeText(view.reason)}` : '.';
  const lines: Record<RequestView['status'], string> = {
    pending_approval: `${what} has ${view.approvals.length} of ${view.approvals_required} approvals.`,
    approved: `:white_check_mark: ${what} was ${approved}; it is starting.`,
    running: `:gear: ${what} was ${approved}; it is running.`,
    succeeded: `:white_check_mark: ${what} succeeded${summary ? `: ${escapeText(summary)}` : '.'}`,
    failed: `:x: ${what} failed: ${escapeText(view.error?.message ?? 'see the approval thread')}`,
    denied: `:no_entry: ${what} was denied by ${decider}${reason}`,
    expired: `:hourglass: ${what} expired ${slackDate(view.expires_at)} without a decision.`,
    cancelled: `:heavy_multiplication_x: ${what} was cancelled by ${decider}${reason}`,
  };
  const line = lines[view.status];
  const tail = slack ? [] : [context(`The requester sees this with get_request ${code(view.request_id)}.`)];
  return message(line.replace(/:[a-z_]+: /, ''), [section(line), ...tail]);
}

/** Told (ephemerally) to an approver whose approval counted: how many more are needed, or that it runs. */
export function renderApprovalRecorded(view: RequestView): SlackMessage {
  const id = code(view.request_id);
  const more = view.approvals_required - view.approvals.length;
  const text =
    view.status === 'pending_approval'
      ? `Your approval of ${id} is recorded: ${view.approvals.length} of ${view.approvals_required}; ${more} more needed.`
      : `Your approval of ${id} is recorded; the request is ${escapeText(view.status)} (progress in the approval thread).`;
  return message(text, [section(`:ballot_box_with_check: ${text}`)]);
}
