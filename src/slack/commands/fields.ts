import { type InputFieldSchema, inputFieldsOf } from '../../core/engine/input-fields.js';
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
  return inputFieldsOf(op).map(({ name, schema, required }) => {
    const choices = enumOf(schema);
    return {
      name,
      kind: choices ? 'enum' : kindOf(schema),
      required,
      description: schema.description ?? schema.anyOf?.find((a) => a.description)?.description,
      choices,
      default: schema.default,
    };
  });
}

function enumOf(s: InputFieldSchema): string[] | undefined {
  const values = s.enum ?? s.anyOf?.flatMap((a) => a.enum ?? []);
  return values?.length ? values.map(String) : undefined;
}

function kindOf(s: InputFieldSchema): FieldKind {
  const t = s.type ?? s.anyOf?.map((a) => a.type).find((x) => x && x !== 'null');
  const one = Array.isArray(t) ? t.find((x) => x !== 'null') : t;
  if (one === 'integer' || one === 'number' || one === 'boolean' || one === 'object' || one === 'array') return one;
  return 'string';
}
