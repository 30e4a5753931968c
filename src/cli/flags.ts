import { type Command, InvalidArgumentError, Option } from 'commander';
import type { InputFieldOf, InputFieldSchema } from '../core/engine/input-fields.js';
import { cliWords, pairExamples } from './cli-words.js';

export function flagName(field: string): string {
  return field.replace(/_/g, '-');
}

/** The key commander stores a field's flag value under (camelCase). */
export function optionKey(field: string): string {
  return field.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function kindOf(s: InputFieldSchema): string {
  const t = s.type ?? s.anyOf?.map((a) => a.type).find((x) => x && x !== 'null');
  return Array.isArray(t) ? (t.find((x) => x !== 'null') ?? 'string') : (t ?? 'string');
}

/** Adds one kebab-case flag per input field; values are parsed to the field's type, and the gateway validates. */
export function addInputFlags(cmd: Command, fields: readonly InputFieldOf[]): void {
  for (const { name, schema, required } of fields) {
    const flag = flagName(name);
    const kind = kindOf(schema);
    const described = cliWords(schema.description ?? '');
    const help = [kind === 'object' ? pairExamples(described, flag) : described, required ? '(required)' : '']
      .filter(Boolean)
      .join(' ');
    if (kind === 'boolean') {
      cmd.addOption(new Option(`--${flag}`, help));
      cmd.addOption(new Option(`--no-${flag}`).hideHelp());
      continue;
    }
    const opt = new Option(`--${flag} <${kind === 'object' ? 'key=value' : 'value'}>`, help);
    if (schema.enum) opt.choices(schema.enum.map(String));
    if (kind === 'number' || kind === 'integer') opt.argParser(parseNumber(flag));
    if (kind === 'object') opt.argParser(collectPairs(flag));
    cmd.addOption(opt);
  }
}

/** commander's camelCase option values back to the operation's snake_case input. */
export function inputFromOptions(
  fields: readonly InputFieldOf[],
  options: Record<string, unknown>,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const { name } of fields) {
    const value = options[optionKey(name)];
    // Fields that name an operation take the CLI verb too (`--operation launch-server`).
    if (value !== undefined)
      input[name] = name === 'operation' && typeof value === 'string' ? value.replace(/-/g, '_') : value;
  }
  return input;
}

function parseNumber(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`--${flag} takes a number, not "${v}"`);
    return n;
  };
}

function collectPairs(flag: string) {
  return (v: string, prev: Record<string, string> | undefined) => {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`--${flag} takes key=value, not "${v}"`);
    return { ...prev, [v.slice(0, eq)]: v.slice(eq + 1) };
  };
}
