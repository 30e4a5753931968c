import { httpError, isRecord } from '../respond.js';

/** Cinder's JSON-schema messages: `Invalid input for field/attribute size. Value: -1. -1 is less than the minimum of 1`. */
export function schemaError(field: string, value: unknown, why: string) {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return httpError(400, `Invalid input for field/attribute ${field}. Value: ${shown}. ${why}`);
}

/** A size field as Cinder's schema accepts it: an integer ≥ 1, a digit string, or null when allowed. */
export function parseSize(value: unknown, field = 'size'): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isInteger(value))
      throw schemaError(field, value, `${value} is not of type 'integer', 'string', 'null'`);
    if (value < 1) throw schemaError(field, value, `${value} is less than the minimum of 1`);
    return value;
  }
  if (typeof value === 'string') {
    if (!/^[0-9]+$/.test(value)) throw schemaError(field, value, `'${value}' does not match '^[0-9]+$'`);
    const n = Number.parseInt(value, 10);
    if (n < 1) throw schemaError(field, value, `${n} is less than the minimum of 1`);
    return n;
  }
  throw schemaError(field, value, `${JSON.stringify(value)} is not of type 'integer', 'string', 'null'`);
}

export function optionalString(obj: Record<string, unknown>, key: string, max = 255): string | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw schemaError(key, v, `${JSON.stringify(v)} is not of type 'string', 'null'`);
  if (v.length > max) throw schemaError(key, v, `'${v.slice(0, 20)}…' is too long`);
  return v;
}

export function stringMap(obj: Record<string, unknown>, key: string): Record<string, string> {
  const v = obj[key];
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw schemaError(key, v, `${JSON.stringify(v)} is not of type 'object'`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string')
      throw schemaError(`${key}/${k}`, val, `${JSON.stringify(val)} is not of type 'string'`);
    out[k] = val;
  }
  return out;
}

export function requireObject(body: unknown, key: string): Record<string, unknown> {
  if (!isRecord(body) || !isRecord(body[key])) {
    throw schemaError(key, body ?? null, `'${key}' is a required property`);
  }
  return body[key];
}
