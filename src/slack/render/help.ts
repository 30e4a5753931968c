import type { Subcommand } from '../commands/subcommands.js';
import { COMMAND, usageDetails, usageLine } from '../commands/usage.js';
import { context, header, message, type SlackMessage, section, sections } from './blocks.js';
import { code, escapeText } from './escape.js';

/** `/blockops help`: every subcommand this user may run, with its usage line. */
export function renderHelp(subs: Subcommand[], problem?: string): SlackMessage {
  const lines = subs.map((s) => `${code(usageLine(s))}\n      ${escapeText(s.op.title)}`);
  return message(`${problem ? `${escapeText(problem)} ` : ''}${COMMAND} help: ${subs.length} commands`, [
    ...(problem ? [section(`:warning: ${escapeText(problem)}`)] : []),
    header('blockops commands'),
    ...sections(lines),
    context(
      `Arguments are key=value; quote values with spaces (name="Alma Linux 9.6"). ` +
        `${escapeText(`${COMMAND} launch`)} with no arguments opens a form. ${escapeText(`${COMMAND} help <command>`)} explains one.`,
    ),
  ]);
}

/** Usage of one subcommand, optionally after the problem that made us show it. */
export function renderUsage(sub: Subcommand, problem?: string): SlackMessage {
  const lead = problem ? `:warning: ${escapeText(problem)}\n` : '';
  return message(`${problem ? `${escapeText(problem)} ` : ''}Usage: ${escapeText(usageLine(sub))}`, [
    section(`${lead}*Usage:* ${code(usageLine(sub))}\n${escapeText(sub.op.description)}`),
    ...sections(usageDetails(sub).map((l) => `• ${escapeText(l)}`)),
  ]);
}

/** An unknown subcommand: say so and list the known ones. */
export function renderUnknown(word: string, subs: Subcommand[]): SlackMessage {
  const names = subs.map((s) => code(s.name)).join(' ');
  return message(`There is no ${COMMAND} command "${escapeText(word)}". Try ${COMMAND} help.`, [
    section(`:warning: There is no ${escapeText(COMMAND)} command ${code(word)}.\n*Commands:* ${names}`),
    context(`${escapeText(`${COMMAND} help`)} shows how to use each.`),
  ]);
}
