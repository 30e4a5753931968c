import { isIP } from 'node:net';
import { redactUrl } from '../cloud/redact-url.js';
import { OpsError } from '../errors/ops-error.js';
import { sourceRefused } from './source-file.js';
import { ANY_PUBLIC_HOST, classifyAddress, hostEntry, hostListing } from './url-hosts.js';

export function isUrlSource(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/**
 * Checks an image URL before anything is fetched: http(s) only, no credentials, a host the policy's image_hosts
 * allows, and, when the host is an IP address, one that may be fetched from. Names are checked once resolved
 * (urlGuard), on every redirect.
 */
export function checkImageUrl(source: string, imageHosts: readonly string[] = [ANY_PUBLIC_HOST]): URL {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw sourceRefused('url', `"${redactUrl(source)}" is not a valid URL.`);
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
  const refusal = urlGuard(imageHosts).refuseUrl(url);
  if (refusal) throw refusal;
  return url;
}

export interface UrlGuard {
  /** Before each request, the first and every redirect: the host must be allowed, an IP literal checked. */
  refuseUrl(url: URL): OpsError | undefined;
  /** Each address a host name resolves to, when connecting. */
  refuseAddress(address: string, url: URL): OpsError | undefined;
}

/**
 * The policy's image_hosts as checks for the download: hosts it names may be on internal addresses (an image
 * mirror on the private network); `*` allows any other host on a public address. Metadata addresses never.
 */
export function urlGuard(imageHosts: readonly string[]): UrlGuard {
  const refuseAddress = (address: string, url: URL): OpsError | undefined => {
    const verdict = classifyAddress(address);
    if (verdict.kind === 'public') return undefined;
    const where = isIP(url.hostname.replace(/^\[|\]$/g, '')) ? url.hostname : `${url.hostname} (${address})`;
    if (verdict.kind === 'metadata') {
      return sourceRefused('metadata_address', `Refusing to fetch ${displayUrl(url)}: ${where} is ${verdict.reason}.`);
    }
    if (hostListing(url, imageHosts) === 'listed') return undefined;
    return new OpsError(
      'UPLOAD.HOST_NOT_ALLOWED',
      `Refusing to fetch ${displayUrl(url)}: ${where} is ${verdict.reason}, and blockops downloads from internal ` +
        `addresses only from hosts the policy names in image_hosts. If this is a trusted image server, ask an admin ` +
        `to add "${hostEntry(url)}" to image_hosts in the policy; otherwise give a public URL.`,
      { details: { rule: 'internal_address', host: url.hostname, address } },
    );
  };
  return {
    refuseAddress,
    refuseUrl(url) {
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      const ip = isIP(literal) ? literal : undefined;
      // A metadata address is refused as such, whatever the list says.
      if (ip && classifyAddress(ip).kind === 'metadata') return refuseAddress(ip, url);
      if (hostListing(url, imageHosts) === 'unlisted') {
        return new OpsError(
          'UPLOAD.HOST_NOT_ALLOWED',
          `Refusing to fetch ${displayUrl(url)}: ${hostEntry(url)} is not among the image hosts the policy allows ` +
            `(image_hosts: ${imageHosts.join(', ') || 'none'}). Ask an admin to add it to image_hosts in the ` +
            'policy, or use one of those hosts.',
          { details: { rule: 'host_not_listed', host: url.hostname, image_hosts: [...imageHosts] } },
        );
      }
      return ip ? refuseAddress(ip, url) : undefined;
    },
  };
}

/** The URL for messages and outputs: no user info, and the query (which may hold a signature) redacted. */
export function displayUrl(url: URL): string {
  return redactUrl(url.href);
}
