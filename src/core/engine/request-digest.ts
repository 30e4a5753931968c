import { canonicalJson } from '../audit/hash.js';
import type { AuditKey } from '../audit/key.js';

/**
 * What an approver approves: the operation and its resolved input (ids, not names), MACed with the key kept
 * outside the database. A database writer who edits a request's input cannot make a digest that still matches.
 */
export function requestDigest(key: AuditKey, operation: string, input: unknown): string {
  return key.mac(canonicalJson({ operation, input }));
}
