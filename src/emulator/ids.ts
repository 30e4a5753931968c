import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A fresh UUID, as every OpenStack resource id looks. */
export function uuid(): string {
  return randomUUID();
}

/** A fresh 32-hex id, as Keystone project, user, role and endpoint ids look. */
export function hex32(): string {
  return randomBytes(16).toString('hex');
}

export function requestId(): string {
  return `req-${randomUUID()}`;
}

/** Deterministic ids for seeded data: the same label gives the same id in every run, shaped like a real one. */
export function seededHex32(label: string): string {
  return createHash('sha256').update(`blockops-emulator:${label}`).digest('hex').slice(0, 32);
}

export function seededUuid(label: string): string {
  const h = seededHex32(label).split('');
  h[12] = '4';
  h[16] = '89ab'[Number.parseInt(h[16] ?? '0', 16) % 4] ?? '8';
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/** A Fernet-looking token: opaque, url-safe, about the length Keystone issues. */
export function fernetLikeToken(): string {
  return `gAAAAAB${randomBytes(135).toString('base64url')}`;
}

/** Keystone audit ids are 22 characters of url-safe base64. */
export function auditId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

export function macAddress(): string {
  const b = randomBytes(3);
  return `fa:16:3e:${[...b].map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

/** Nova admin passwords: 12 characters without look-alikes. */
export function adminPass(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}
