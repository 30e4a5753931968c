import { toOpsError } from '../../core/errors/to-ops-error.js';
import { context, message, type SlackMessage, section } from './blocks.js';
import { code, escapeText } from './escape.js';
import { limitList } from './limits.js';

/** A failure for the person who asked: the stable code, the message (which says what to do), and candidates. */
export function renderError(e: unknown, doing?: string): SlackMessage {
  const err = toOpsError(e);
  const lead = doing ? `${escapeText(doing)} failed: ` : '';
  const blocks = [section(`:x: ${lead}*${escapeText(err.code)}* — ${escapeText(err.message)}`)];
  const candidates = err.details?.['candidates'];
  if (Array.isArray(candidates) && candidates.length) {
    const { shown, hidden } = limitList(candidates, 10);
    const list = shown.map((c) => code(typeof c === 'string' ? c : JSON.stringify(c))).join(' ');
    blocks.push(
      context(`Did you mean one of: ${list}${hidden ? ` …and ${hidden} more` : ''}? Use the id to be exact.`),
    );
  }
  const id = err.details?.['request_id'];
  if (typeof id === 'string') blocks.push(context(`Request ${code(id)}`));
  return message(`${lead}${escapeText(err.code)}: ${escapeText(err.message)}`, blocks);
}
