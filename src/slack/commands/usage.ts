import { type InputField, inputFields } from './fields.js';
import type { Subcommand } from './subcommands.js';

/** The command people type, e.g. `/blockops`; kept in one place for usage texts. */
export const COMMAND = '/blockops';

function placeholder(f: InputField): string {
  if (f.kind === 'enum') return (f.choices ?? []).join('|');
  if (f.kind === 'boolean') return 'true|false';
  if (f.kind === 'object') return 'key:value,…';
  return f.kind === 'string' ? f.name : f.kind;
}

/** One line, generated from the input schema: `/blockops launch <image> flavor=<flavor> name=<name> [count=<integer>] …`. */
export function usageLine(sub: Subcommand): string {
  const fields = inputFields(sub.op);
  const ordered = [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
  const parts = ordered.map((f) => {
    const text = f.name === sub.main ? `<${placeholder(f)}>` : `${f.name}=<${placeholder(f)}>`;
    return f.required ? text : `[${text}]`;
  });
  return [COMMAND, sub.name, ...parts].join(' ');
}

/** Usage with one line per argument: its description and default. Raw text; the renderer escapes it. */
export function usageDetails(sub: Subcommand): string[] {
  return inputFields(sub.op).map((f) => {
    const bits = [f.description, f.required ? 'required' : undefined, defaultText(f)].filter(Boolean);
    return `${f.name}: ${bits.join('; ') || f.kind}`;
  });
}

function defaultText(f: InputField): string | undefined {
  return f.default === undefined ? undefined : `default ${JSON.stringify(f.default)}`;
}
