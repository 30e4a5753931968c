import type { Progress } from '../../core/engine/operation.js';
import { message, type SlackMessage, section } from './blocks.js';
import { escapeText } from './escape.js';

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * 10);
  return `${'▰'.repeat(filled)}${'▱'.repeat(10 - filled)} ${Math.round(fraction * 100)}%`;
}

/** The status message while an operation runs: what it is doing now, and how far it is when it knows. */
export function renderProgress(title: string, p: Progress): SlackMessage {
  const how = p.fraction === undefined ? '' : `\n${bar(p.fraction)}`;
  return message(`${escapeText(title)}: ${escapeText(p.message)}`, [
    section(`:hourglass_flowing_sand: *${escapeText(title)}* — ${escapeText(p.message)}${how}`),
  ]);
}

/** The status message's last state: succeeded with the one-line summary, or failed with the error. */
export function renderFinished(
  title: string,
  outcome: { ok: true; summary: string } | { ok: false; error: string },
): SlackMessage {
  const text = outcome.ok
    ? `:white_check_mark: *${escapeText(title)}* succeeded — ${escapeText(outcome.summary)}`
    : `:x: *${escapeText(title)}* failed — ${escapeText(outcome.error)}`;
  const fallback = outcome.ok ? `succeeded: ${outcome.summary}` : `failed: ${outcome.error}`;
  return message(`${escapeText(title)} ${escapeText(fallback)}`, [section(`${text}\n_Details in the thread._`)]);
}
