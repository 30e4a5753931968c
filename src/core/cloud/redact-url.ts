/**
 * Location URLs may carry credentials: Glance's S3 store shows `s3://<access key>:<secret key>@host/bucket/id`
 * when locations are visible. Whatever blockops shows or records keeps the scheme, host and path only.
 */
export function redactUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

/** A URL in running text: a scheme, `://`, then everything up to whitespace or a closing quote or bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)\]]+/gi;

/**
 * One URL with its secrets out: credentials (`user:pass@`), every query value (pre-signed S3 and Swift temp URLs
 * carry their signature there) and the fragment. Scheme, host, path and the query's parameter names stay, so a
 * person can still tell which image source it was.
 */
export function redactUrlSecrets(url: string): string {
  const withoutCredentials = redactUrlCredentials(url);
  const hash = withoutCredentials.indexOf('#');
  const beforeHash = hash === -1 ? withoutCredentials : `${withoutCredentials.slice(0, hash)}#***`;
  const q = beforeHash.indexOf('?');
  if (q === -1) return beforeHash;
  const [query, fragment = ''] = beforeHash.slice(q + 1).split(/(?=#)/);
  const names = query
    ?.split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=***`)
    .join('&');
  return `${beforeHash.slice(0, q)}?${names}${fragment}`;
}

/** Every URL inside a text, secrets out (see redactUrlSecrets). */
export function redactUrlsInText(text: string): string {
  return text.replace(URL_IN_TEXT, redactUrlSecrets);
}

/** A deep copy with every string's URLs redacted (plain objects and arrays; other values as they are). */
export function redactUrlsDeep<T>(value: T): T {
  if (typeof value === 'string') return redactUrlsInText(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactUrlsDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactUrlsDeep(v)])) as T;
  }
  return value;
}
