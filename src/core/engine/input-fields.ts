import { z } from 'zod';
import type { AnyOperation } from './operation.js';

/** One input field's JSON Schema, as MCP publishes it. */
export interface InputFieldSchema {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  anyOf?: InputFieldSchema[];
  additionalProperties?: unknown;
}

export interface InputFieldOf {
  name: string;
  schema: InputFieldSchema;
  required: boolean;
}

/**
 * An operation's input fields from the JSON Schema of its input (the one MCP publishes): what the CLI's flags and
 * Slack's command arguments are derived from, so that every door asks for the same fields.
 */
export function inputFieldsOf(op: AnyOperation): InputFieldOf[] {
  const js = z.toJSONSchema(op.input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, InputFieldSchema>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    schema,
    required: (js.required ?? []).includes(name),
  }));
}
