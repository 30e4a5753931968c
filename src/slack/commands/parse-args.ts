import { type InputField, inputFields } from './fields.js';
import type { Subcommand } from './subcommands.js';
import { ArgumentError } from './tokenize.js';

/**
 * `key=value` words (plus one bare first word for the subcommand's main field) → the operation's input,
 * numbers and booleans parsed by the schema's types. The gateway validates the rest (ranges, required fields).
 */
export function parseArguments(sub: Subcommand, words: string[]): Record<string, unknown> {
  const fields = inputFields(sub.op);
  const input: Record<string, unknown> = {};
  words.forEach((word, index) => {
    const eq = word.indexOf('=');
    if (eq <= 0) {
      if (index === 0 && sub.main && !words.some((w) => keyOf(w) === sub.main)) {
        input[sub.main] = convert(fieldNamed(fields, sub.main), word);
        return;
      }
      throw new ArgumentError(
        sub.main && index === 0
          ? `"${word}" is not key=value, and ${sub.main} is given twice.`
          : `"${word}" is not key=value. Quote values with spaces: name="Alma Linux 9.6".`,
      );
    }
    const key = keyOf(word) as string;
    const field = fields.find((f) => f.name === key);
    if (!field) {
      const known = fields.map((f) => f.name).join(', ') || 'none';
      throw new ArgumentError(`${sub.name} has no argument "${key}". Arguments: ${known}.`);
    }
    if (key in input) throw new ArgumentError(`${key} is given twice.`);
    input[key] = convert(field, word.slice(eq + 1));
  });
  return input;
}

/** The key of a `key=value` word, in the schema's snake_case (size-gb → size_gb). */
function keyOf(word: string): string | undefined {
  const eq = word.indexOf('=');
  return eq > 0 ? word.slice(0, eq).trim().toLowerCase().replace(/-/g, '_') : undefined;
}

function fieldNamed(fields: InputField[], name: string): InputField {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new ArgumentError(`This command takes no bare argument.`);
  return f;
}

const TRUE = new Set(['true', 'yes', 'y', 'on', '1']);
const FALSE = new Set(['false', 'no', 'n', 'off', '0']);

/** One value by its field's type; a wrong type is an ArgumentError that names the field and what it takes. */
export function convert(field: InputField, value: string): unknown {
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n))
        throw new ArgumentError(`${field.name} takes a number, not "${value}".`);
      if (field.kind === 'integer' && !Number.isInteger(n)) {
        throw new ArgumentError(`${field.name} takes a whole number, not "${value}".`);
      }
      return n;
    }
    case 'boolean': {
      const v = value.toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      throw new ArgumentError(`${field.name} takes true or false, not "${value}".`);
    }
    case 'enum': {
      if (field.choices?.includes(value)) return value;
      // A unique prefix is enough: `requests pending` means status=pending_approval.
      const matches = field.choices?.filter((c) => c.startsWith(value.toLowerCase())) ?? [];
      if (value && matches.length === 1) return matches[0];
      throw new ArgumentError(`${field.name} takes one of ${field.choices?.join(', ')}, not "${value}".`);
    }
    case 'object':
      return parsePairs(field.name, value);
    case 'array':
      return value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    default:
      return value;
  }
}

/** Objects (e.g. image properties) as `k1:v1,k2:v2`, since `=` already separates the argument from its value. */
function parsePairs(name: string, value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of value.split(',').filter((p) => p.trim())) {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new ArgumentError(`${name} takes key:value pairs separated by commas, not "${value}".`);
    out[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return out;
}
