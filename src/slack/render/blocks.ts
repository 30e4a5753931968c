import type { types } from '@slack/bolt';
import { escapeText } from './escape.js';
import { chunkLines, LIMITS, truncate } from './limits.js';

export type Block = types.KnownBlock;

/** What every renderer returns: Block Kit plus the plain fallback text notifications and screen readers use. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A header from raw (unescaped) text: plain_text needs no escaping, only the length limit. */
export function header(raw: string): Block {
  const text = raw.length > LIMITS.headerText ? `${raw.slice(0, LIMITS.headerText - 1)}…` : raw;
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

/** A section of mrkdwn that is already escaped; cut to the section limit. */
export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn || ' ', LIMITS.sectionText) } };
}

/** As many sections as the lines need, each within the limit. */
export function sections(lines: string[]): Block[] {
  return chunkLines(lines).map((t) => section(t));
}

export function context(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(mrkdwn || ' ', LIMITS.sectionText) }] };
}

export function divider(): Block {
  return { type: 'divider' };
}

/** Key/value lines, values escaped here: `*Key:* value`. */
export function facts(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `*${k}:* ${escapeText(String(v))}`)
    .join('\n');
}

/**
 * Enforces the 50-block limit: keeps the first blocks and ends with a context line that says what was cut.
 */
export function capBlocks(blocks: Block[], max: number = LIMITS.blocks): Block[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(`…${blocks.length - kept.length} more blocks not shown (Slack shows at most ${max}).`)];
}

/** Builds a message with a fallback text cut to a sensible length and blocks within Slack's limits. */
export function message(text: string, blocks: Block[]): SlackMessage {
  return { text: truncate(text, LIMITS.fallbackText), blocks: capBlocks(blocks) };
}
