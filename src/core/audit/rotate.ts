import { OpsError } from '../errors/ops-error.js';
import type { Actor } from '../people/actor.js';
import type { AuditEntry, Store } from '../store/types.js';
import type { AuditKey } from './key.js';

/**
 * Records a key rotation: a `key-rotated` record naming the new key's id, MACed (like every record this store
 * writes) by the current key. From the next record on, the log continues with the new key only: processes still
 * holding the old key refuse to append (AUDIT.KEY_MISMATCH) until they are restarted with the new one.
 */
export async function rotateAuditKey(
  store: Pick<Store, 'audit'>,
  current: AuditKey,
  next: AuditKey,
  actor: Actor,
): Promise<AuditEntry> {
  if (next.id === current.id) {
    throw new OpsError(
      'AUDIT.KEY_UNCHANGED',
      `The new audit key is the current one (${current.id}); nothing was recorded. Make a new key, e.g. with ` +
        '`openssl rand -hex 32`, and give that file.',
    );
  }
  return store.audit.append({
    event: 'key-rotated',
    actor,
    operation: 'rotate_audit_key',
    details: { newKeyId: next.id, oldKeyId: current.id },
  });
}
