import type { z } from 'zod';
import type { queryAudit } from '../../core/requests/query-audit.op.js';
import { context, header, message, type SlackMessage, sections } from './blocks.js';
import { code, escapeText, slackDate } from './escape.js';
import { limitList } from './limits.js';

type AuditOut = z.output<typeof queryAudit.output>;

/** query_audit: newest first, one line per record. */
export function renderAudit(out: AuditOut): SlackMessage {
  const { shown, hidden } = limitList(out.records, 40);
  const lines = shown.map(
    (r) =>
      `• #${r.seq} ${slackDate(r.at)} *${escapeText(r.event)}* ${escapeText(r.operation)} by ${escapeText(r.actor)} ` +
      `(${escapeText(r.via)})${r.request_id ? ` ${code(r.request_id)}` : ''}` +
      `${r.error ? ` — ${escapeText(r.error.code)}: ${escapeText(r.error.message)}` : ''}`,
  );
  const blocks = [header(`Audit (${out.records.length} records)`), ...sections(lines)];
  if (!out.records.length) blocks.push(context('No records match.'));
  if (hidden) blocks.push(context(`…and ${hidden} more. Narrow with actor=, operation=, resource= or since=.`));
  return message(`${out.records.length} audit record(s)`, blocks);
}
