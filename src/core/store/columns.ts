import { OpsError } from '../errors/ops-error.js';

/** undefined → SQL NULL; anything else → its JSON text (JSON null stays a JSON value). */
export function toJsonColumn(value: unknown): string | null {
  if (value === undefined) return null;
  return JSON.stringify(value) ?? null;
}

/** SQL NULL → undefined; JSON text → its value. Both engines return JSON columns as text (see schema.ts). */
export function fromJsonColumn<T = unknown>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

/** Normalizes a time to ISO-8601 UTC with milliseconds, the one form stored, so text comparison is time order. */
export function toTimeColumn(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new OpsError('STORE.INVALID_TIME', `${field} is not a valid time: "${value}". Pass an ISO-8601 string.`);
  }
  return new Date(ms).toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Result-size limits shared by request lists and audit queries. */
export function clampLimit(limit: number | undefined, fallback = 100, max = 1000): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}
