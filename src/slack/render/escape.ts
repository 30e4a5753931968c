import { showControls } from '../../core/cloud/names.js';

/**
 * Slack's control characters in text: `&`, `<`, `>`. Everything that comes from users or the cloud (names,
 * descriptions, error texts) goes through here before it reaches Block Kit, so `<!channel>` or
 * `<https://evil|click>` shows as text instead of pinging a channel or hiding a link.
 */
export function escapeText(s: string): string {
  // Control characters (escapes, NUL, text-direction overrides) are shown, not acted on; newlines stay lines.
  return showControls(s, '\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escaped text inside inline code (`…`): backticks are replaced so the value cannot close the code span, and a
 * newline shows as `\u000a` so a name cannot start a line of its own.
 */
export function code(s: string): string {
  return `\`${escapeText(showControls(s)).replace(/`/g, 'ˋ')}\``;
}

/** Undoes Slack's escaping of slash-command text (Slack sends `&lt;` for `<` typed by the user). */
export function unescapeText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const USER_ID = /^[UW][A-Z0-9_]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9_]{2,}$/;

/** A user mention for a Slack user id; anything that is not one is shown as escaped text. */
export function userMention(id: string): string {
  return USER_ID.test(id) ? `<@${id}>` : code(id);
}

export function channelMention(id: string): string {
  return CHANNEL_ID.test(id) ? `<#${id}>` : code(id);
}

export function isSlackUserId(id: string): boolean {
  return USER_ID.test(id);
}

/** Slack's date formatting: each reader sees their own time zone; the fallback is the UTC time. */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeText(iso);
  const fallback = new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}
