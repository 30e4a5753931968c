import type { z } from 'zod';
import { openstackError } from './client-error.js';

/** Parses a response body with its schema; a body that does not fit names the service and the call. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
  throw openstackError('BAD_RESPONSE', `Unexpected response from ${what}: ${issues}`, { what }, result.error);
}

/** Attaches the wire object without making it part of JSON output or equality checks. */
export function withRaw<T extends object>(value: T, raw: unknown): T & { raw?: Record<string, unknown> } {
  Object.defineProperty(value, 'raw', { value: raw, enumerable: false, writable: false, configurable: true });
  return value;
}

/** Cinder and Glance send string maps; anything else is stringified rather than rejected. */
export function stringMap(record: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/** "true"/"True"/true → true; anything else → false. */
export function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

export function orUndefined<T>(v: T | null | undefined): T | undefined {
  return v ?? undefined;
}
