import { hash } from 'node:crypto';
import type { AuditEntry } from '../store/types.js';
import type { AuditKey } from './key.js';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

/**
 * JSON with object keys sorted (by UTF-16 code unit, like Array.prototype.sort) and no whitespace.
 * Like JSON.stringify otherwise: undefined, functions and symbols are dropped from objects and become null in
 * arrays, non-finite numbers become null, toJSON() is honoured. The same value always gives the same text,
 * whichever engine stored it and in whichever key order it came back.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

// Verify runs this on every record of the log: plain loops and string concatenation, no intermediate arrays.
function write(value: unknown, seen: Set<object>): string | undefined {
  const v = hasToJson(value) ? value.toJSON() : value;
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'number':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON form; convert it to a string or number first');
    case 'object':
      return writeObject(v, seen, undefined);
    default:
      return undefined;
  }
}

/** An array or object; `skip` names a key of this object (not of nested ones) to leave out. */
function writeObject(v: object, seen: Set<object>, skip: string | undefined): string {
  if (seen.has(v)) throw new TypeError('canonicalJson: circular structure');
  seen.add(v);
  let text: string;
  if (Array.isArray(v)) {
    text = '[';
    for (let i = 0; i < v.length; i++) text += `${i ? ',' : ''}${write(v[i], seen) ?? 'null'}`;
    text += ']';
  } else {
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    text = '{';
    for (const key of keys) {
      if (key === skip) continue;
      const item = write(record[key], seen);
      if (item !== undefined) text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${item}`;
    }
    text += '}';
  }
  seen.delete(v);
  return text;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * What a record's link is computed over: prevHash + '\n' + the canonical JSON of the entry without its hash.
 * A `hash` property, if the caller passes a whole AuditEntry, is left out.
 */
export function chainText(prevHash: string, entry: UnsealedEntry | AuditEntry): string {
  if (Object.hasOwn(entry, 'toJSON')) {
    // A record carrying its own toJSON (never one from the store): the general path, as canonicalJson treats it.
    const unsealed: Record<string, unknown> = { ...entry };
    delete unsealed['hash'];
    return `${prevHash}\n${canonicalJson(unsealed)}`;
  }
  return `${prevHash}\n${writeObject(entry, new Set(), 'hash')}`;
}

/** The link of a legacy (unkeyed) record: sha256 (hex) of chainText. */
export function entryHash(prevHash: string, entry: UnsealedEntry | AuditEntry): string {
  return sha256Hex(chainText(prevHash, entry));
}

/** The link of a legacy record over its chain text. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** The link of a keyed record: HMAC-SHA256 (hex) of chainText under the audit key (the entry names its keyId). */
export function entryMac(key: AuditKey, prevHash: string, entry: UnsealedEntry | AuditEntry): string {
  return key.mac(chainText(prevHash, entry));
}
