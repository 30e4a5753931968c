import { message, type SlackMessage, section } from './blocks.js';
import { escapeText } from './escape.js';
import { LIMITS, truncate } from './limits.js';

/** Any operation without its own renderer: its one-line summary and the output as JSON, cut to fit. */
export function renderGeneric(title: string, summary: string, output: unknown): SlackMessage {
  const json = truncate(escapeText(JSON.stringify(output, null, 2) ?? 'null'), LIMITS.sectionText - 8);
  return message(`${escapeText(title)}: ${escapeText(summary)}`, [
    section(`*${escapeText(title)}*: ${escapeText(summary)}`),
    section(`\`\`\`${json}\`\`\``),
  ]);
}
