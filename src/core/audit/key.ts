import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret that makes blockops' records unforgeable by a database writer: it MACs the audit chain and the
 * digest of each request's resolved input. It is kept outside the database (BLOCKOPS_AUDIT_KEY, _FILE, _COMMAND).
 */
export interface AuditKey {
  /** Names the key without revealing it (a fingerprint), so records say which key signed them. */
  readonly id: string;
  /** HMAC-SHA256 of the text, hex. */
  mac(text: string): string;
  /** Constant-time check of a MAC made by mac(). */
  verify(text: string, mac: string): boolean;
}

export const AUDIT_KEY_MIN_BYTES = 32;

export function hmacKey(secret: Buffer): AuditKey {
  if (secret.length < AUDIT_KEY_MIN_BYTES) throw new Error('the audit key must be at least 32 bytes');
  const digest = hmacSha256(secret);
  const given = Buffer.alloc(32);
  return {
    id: createHmac('sha256', secret).update('blockops audit key id').digest('hex').slice(0, 16),
    mac: (text) => digest(text).toString('hex'),
    verify(text, mac) {
      if (mac.length !== 64 || given.write(mac, 'hex') !== 32) return false;
      return timingSafeEqual(given, digest(text));
    },
  };
}

const SHA256_BLOCK = 64;

/**
 * HMAC-SHA256 (RFC 2104) as two one-shot hashes over buffers kept for the key: verify MACs every record of the log,
 * and this does without the Hmac object, key import and stream calls createHmac makes each time (10–20% of the
 * cost of a record's MAC). hmac.test.ts checks it against createHmac.
 */
export function hmacSha256(secret: Buffer): (data: string | Uint8Array) => Buffer {
  const key = secret.length > SHA256_BLOCK ? hash('sha256', secret, 'buffer') : secret;
  const outer = Buffer.alloc(SHA256_BLOCK + 32, 0x5c);
  let inner = Buffer.alloc(SHA256_BLOCK + 1024, 0x36);
  for (let i = 0; i < key.length; i++) {
    outer[i]! ^= key[i]!;
    inner[i]! ^= key[i]!;
  }
  return (data) => {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit
    const most = SHA256_BLOCK + (typeof data === 'string' ? data.length * 3 : data.length);
    if (most > inner.length) {
      const larger = Buffer.allocUnsafe(most);
      inner.copy(larger, 0, 0, SHA256_BLOCK);
      inner = larger;
    }
    let length = data.length;
    if (typeof data === 'string') length = inner.write(data, SHA256_BLOCK, 'utf8');
    else inner.set(data, SHA256_BLOCK);
    hash('sha256', inner.subarray(0, SHA256_BLOCK + length), 'buffer').copy(outer, SHA256_BLOCK);
    return hash('sha256', outer, 'buffer');
  };
}

/** A key as configured: the UTF-8 bytes of its text (e.g. the 64 characters of `openssl rand -hex 32`). */
export function auditKeyFromText(text: string): AuditKey {
  return hmacKey(Buffer.from(text, 'utf8'));
}

/** A new key's text, as `openssl rand -hex 32` would make it. */
export function newAuditKeyText(): string {
  return randomBytes(32).toString('hex');
}
