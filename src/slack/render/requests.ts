import type { RequestView } from '../../core/engine/request-view.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText, slackDate } from './escape.js';
import { limitList } from './limits.js';

/** list_requests: one line per request, newest first, with what it would do and its state. */
export function renderRequests(out: { requests: RequestView[] }): SlackMessage {
  const { shown, hidden } = limitList(out.requests, 40);
  const lines = shown.map(
    (r) =>
      `• ${code(r.request_id)} *${escapeText(r.status)}* ${escapeText(r.operation)} by ${escapeText(r.requester)} ` +
      `(${escapeText(r.requested_via)}), ${slackDate(r.created_at)}\n      ${escapeText(r.preview)}`,
  );
  const blocks = [header(`Requests (${out.requests.length})`), ...sections(lines)];
  if (!out.requests.length) blocks.push(context('No requests match.'));
  if (hidden) blocks.push(context(`…and ${hidden} more. Filter with status=, requester= or operation=.`));
  return message(`${out.requests.length} request(s)`, blocks);
}

/** One request (get_request, approve/deny from the command line). */
export function renderRequest(r: RequestView): SlackMessage {
  const lines = [
    `${code(r.request_id)} *${escapeText(r.status)}* — ${escapeText(r.preview)}`,
    `Asked by ${escapeText(r.requester)} (${escapeText(r.requested_via)}) ${slackDate(r.created_at)}; expires ${slackDate(r.expires_at)}`,
  ];
  if (r.self_confirmed_via_client) {
    const c = r.self_confirmed_via_client;
    lines.push(
      `Self-confirmed via client by ${escapeText(c.actor)} (${escapeText(c.via)}) ${slackDate(c.at)}; no approver`,
    );
  }
  if (r.decided_by) lines.push(`Decided by ${escapeText(r.decided_by)}${r.reason ? `: ${escapeText(r.reason)}` : ''}`);
  if (r.progress) lines.push(`Progress: ${escapeText(r.progress.message)}`);
  if (r.error) lines.push(`:x: ${escapeText(r.error.code)}: ${escapeText(r.error.message)}`);
  return message(`${escapeText(r.request_id)} ${escapeText(r.status)}`, sections(lines));
}
