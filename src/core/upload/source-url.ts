import { isIP } from 'node:net';
import { sourceRefused } from './source-file.js';

/** Cloud metadata services outside the link-local ranges (AWS IPv6, Alibaba). */
const METADATA_ADDRESSES = new Set(['fd00:ec2::254', '100.100.100.200']);

/**
 * Why blockops must not fetch from this IP address, or undefined when it may: link-local addresses
 * (169.254.0.0/16, fe80::/10) are where cloud metadata services hand out credentials.
 */
export function forbiddenAddressReason(address: string): string | undefined {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = isIP(ip) === 4 ? ip : mappedV4(ip);
  if (v4?.startsWith('169.254.'))
    return `${address} is a link-local address (169.254.0.0/16), where cloud metadata lives`;
  if (isIP(ip) === 6 && /^fe[89ab][0-9a-f]:/.test(ip)) return `${address} is a link-local address (fe80::/10)`;
  if (METADATA_ADDRESSES.has(ip) || (v4 && METADATA_ADDRESSES.has(v4))) {
    return `${address} is a cloud metadata service address`;
  }
  return undefined;
}

/** ::ffff:169.254.169.254, which the URL parser writes as ::ffff:a9fe:a9fe. */
function mappedV4(ip: string): string | undefined {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(ip);
  if (!m) return undefined;
  if (m[1]) return m[1];
  const hi = Number.parseInt(m[2]!, 16);
  const lo = Number.parseInt(m[3]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

export function isUrlSource(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/** Checks an image URL before anything is fetched: http(s) only, no credentials, no metadata addresses. */
export function checkImageUrl(source: string): URL {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw sourceRefused('url', `"${source}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw sourceRefused('url', `${url.protocol.replace(/:$/, '')} URLs are not accepted: give an http or https URL.`);
  }
  if (url.username || url.password) {
    // Credentials in the URL would be kept in the request, the audit log and every view of them.
    throw sourceRefused(
      'url',
      `${displayUrl(url)}: the URL carries a user name or password. Give a URL that needs none (e.g. a pre-signed one), or copy the file into BLOCKOPS_IMAGE_DIRS.`,
    );
  }
  const reason = forbiddenAddressReason(url.hostname);
  if (reason) throw sourceRefused('metadata_address', `Refusing to fetch ${displayUrl(url)}: ${reason}.`);
  return url;
}

/** The URL for messages and outputs: no user info, and the query (which may hold a signature) elided. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}
