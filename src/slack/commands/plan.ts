import type { Registry } from '../../core/engine/registry.js';
import { describeZodError } from '../../core/errors/to-ops-error.js';
import type { SlackMessage } from '../render/blocks.js';
import { renderHelp, renderUnknown, renderUsage } from '../render/help.js';
import { parseArguments } from './parse-args.js';
import { findSubcommand, type Subcommand, subcommands } from './subcommands.js';
import { ArgumentError, tokenize, unformat } from './tokenize.js';

/** What to do with a `/blockops …` text, decided before the ack (it is cheap: no I/O). */
export type CommandPlan =
  | { kind: 'answer'; message: SlackMessage }
  | { kind: 'launch-form' }
  | { kind: 'run'; sub: Subcommand; input: Record<string, unknown> };

/**
 * Parses the command text: help and usage mistakes are answered in the ack (ephemeral, with the right usage);
 * `launch` alone opens the form; anything else runs after the ack. `allowed` limits help to what the user may run.
 */
export function planCommand(registry: Registry, text: string, allowed?: (opName: string) => boolean): CommandPlan {
  const visible = subcommands(registry).filter((s) => !allowed || allowed(s.op.name));
  let words: string[];
  try {
    words = tokenize(unformat(text.trim()));
  } catch (e) {
    return { kind: 'answer', message: renderHelp(visible, (e as Error).message) };
  }
  const [first, ...rest] = words;
  if (!first || first.toLowerCase() === 'help') {
    const about = rest[0] ? findSubcommand(registry, rest[0]) : undefined;
    if (about) return { kind: 'answer', message: renderUsage(about) };
    return { kind: 'answer', message: rest[0] ? renderUnknown(rest[0], visible) : renderHelp(visible) };
  }
  const sub = findSubcommand(registry, first);
  if (!sub) return { kind: 'answer', message: renderUnknown(first, visible) };
  if (sub.op.name === 'launch_server' && rest.length === 0) return { kind: 'launch-form' };
  try {
    const input = parseArguments(sub, rest);
    const parsed = sub.op.input.safeParse(input);
    if (!parsed.success) return { kind: 'answer', message: renderUsage(sub, describeZodError(parsed.error)) };
    return { kind: 'run', sub, input };
  } catch (e) {
    if (e instanceof ArgumentError) return { kind: 'answer', message: renderUsage(sub, e.message) };
    throw e;
  }
}
