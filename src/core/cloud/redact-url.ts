/**
 * Location URLs may carry credentials: Glance's S3 store shows `s3://<access key>:<secret key>@host/bucket/id`
 * when locations are visible. Whatever blockops shows or records keeps the scheme, host and path only.
 */
export function redactUrlCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

/** What a query or fragment becomes: a pre-signed URL's signature lives there. */
export const REDACTED_QUERY = '?[redacted]';

const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)([?#].*)?$/is;

/**
 * A URL as blockops shows, logs and audits it: user info becomes `***@`, and the query and fragment (where a
 * pre-signed URL keeps its signature) become `?[redacted]`. Scheme, host, port and path stay, so people can still
 * tell where it points. Redacting twice changes nothing; text that is not a URL is returned as it is.
 */
export function redactUrl(url: string): string {
  const m = URL_PARTS.exec(url);
  if (!m) return url;
  const [, scheme, authority = '', path = '', rest] = m;
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? `***@${authority.slice(at + 1)}` : authority;
  return `${scheme}${host}${path}${rest ? REDACTED_QUERY : ''}`;
}

/** Every URL inside free text (a message, a log line, a command) redacted as redactUrl does. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => redactUrl(url));
}

/** A deep copy with every string's URLs redacted (plain objects and arrays; other values as they are). */
export function redactUrlsDeep<T>(value: T): T {
  if (typeof value === 'string') return redactUrlsIn(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactUrlsDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactUrlsDeep(v)])) as T;
  }
  return value;
}
