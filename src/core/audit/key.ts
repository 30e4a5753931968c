import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

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
  const digest = (text: string) => createHmac('sha256', secret).update(text).digest();
  return {
    id: createHmac('sha256', secret).update('blockops audit key id').digest('hex').slice(0, 16),
    mac: (text) => digest(text).toString('hex'),
    verify(text, given) {
      const want = digest(text);
      const got = Buffer.from(given, 'hex');
      return got.length === want.length && timingSafeEqual(got, want);
    },
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
