import { redactUrlsIn } from '../cloud/redact-url.js';

export const REDACTED = '[redacted]';

/**
 * Key fragments that mark a secret, compared after lower-casing and removing '-' and '_', so `x-auth-token`,
 * `signing_secret`, `signingSecret`, `apiKey`, `API_KEY`, `application_credential_secret` all match.
 */
const SECRET_KEY_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'jwt',
  'authorization',
  'apikey',
  'privatekey',
];

export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEY_FRAGMENTS.some((fragment) => normalized.includes(fragment));
}

/**
 * A deep copy of `value` in which every value under a secret-looking key is replaced by '[redacted]'
 * (null and undefined are kept: they hide nothing), and every URL inside a string loses its user info, query and
 * fragment (a pre-signed URL's signature is a credential under any key). Plain objects and arrays are copied; other objects (Date,
 * Buffer…) are kept as they are. A circular reference becomes '[circular]'.
 */
export function redactSecrets<T>(value: T): T {
  return copy(value, new WeakSet()) as T;
}

function copy(value: unknown, ancestors: WeakSet<object>): unknown {
  if (typeof value === 'string') return value.includes('://') ? redactUrlsIn(value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  let result: unknown;
  if (Array.isArray(value)) {
    result = value.map((item) => copy(item, ancestors));
  } else {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) && item !== null && item !== undefined ? REDACTED : copy(item, ancestors);
    }
    result = out;
  }
  ancestors.delete(value);
  return result;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
