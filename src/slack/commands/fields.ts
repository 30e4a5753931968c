import { z } from 'zod';
import type { AnyOperation } from '../../core/engine/operation.js';

export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'object' | 'array';

export interface InputField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description: string | undefined;
  choices: string[] | undefined;
  default: unknown;
}

interface JsonField {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  anyOf?: JsonField[];
}

const CACHE = new WeakMap<AnyOperation, InputField[]>();

/**
 * An operation's input fields from its JSON Schema: the same schema MCP publishes and the CLI derives flags from.
 * Computed once per operation: every command parses against them before its ack.
 */
export function inputFields(op: AnyOperation): InputField[] {
  let fields = CACHE.get(op);
  if (!fields) {
    fields = fieldsOf(op);
    CACHE.set(op, fields);
  }
  return fields;
}

function fieldsOf(op: AnyOperation): InputField[] {
  const js = z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonField>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => {
    const choices = enumOf(schema);
    return {
      name,
      kind: choices ? 'enum' : kindOf(schema),
      required: (js.required ?? []).includes(name),
      description: schema.description ?? schema.anyOf?.find((a) => a.description)?.description,
      choices,
      default: schema.default,
    };
  });
}

function enumOf(s: JsonField): string[] | undefined {
  const values = s.enum ?? s.anyOf?.flatMap((a) => a.enum ?? []);
  return values?.length ? values.map(String) : undefined;
}

function kindOf(s: JsonField): FieldKind {
  const t = s.type ?? s.anyOf?.map((a) => a.type).find((x) => x && x !== 'null');
  const one = Array.isArray(t) ? t.find((x) => x !== 'null') : t;
  if (one === 'integer' || one === 'number' || one === 'boolean' || one === 'object' || one === 'array') return one;
  return 'string';
}
