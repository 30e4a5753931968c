import ipaddr from 'ipaddr.js';

/** What the policy's image_hosts allows when it says nothing: any host, on public addresses only. */
export const ANY_PUBLIC_HOST = '*';

/** Cloud metadata services outside the link-local ranges (AWS over IPv6, Alibaba), compared in normal form. */
const METADATA = new Set(['fd00:ec2::254', '100.100.100.200'].map((a) => ipaddr.parse(a).toNormalizedString()));

/** IPv6 prefixes whose last 32 bits are an IPv4 address: judged by that address (IPv4-compatible, NAT64). */
const EMBEDDING_V4: [ipaddr.IPv6, number][] = [ipaddr.parseCIDR('::/96'), ipaddr.parseCIDR('64:ff9b::/96')].map(
  ([a, bits]) => [a as ipaddr.IPv6, bits],
);

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address (127.0.0.0/8, ::1)',
  private: 'a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
  uniqueLocal: 'a unique local IPv6 address (fc00::/7)',
  carrierGradeNat: 'a shared address space address (100.64.0.0/10)',
  unspecified: 'the unspecified address (0.0.0.0, ::), which reaches this host',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  rfc6145: 'an IPv4-translated IPv6 address',
  '6to4': 'a 6to4 address (2002::/16)',
  teredo: 'a Teredo address (2001::/32)',
};

export type AddressClass =
  | { kind: 'public' }
  | { kind: 'metadata'; reason: string }
  | { kind: 'internal'; reason: string };

/**
 * Where an address leads, by ipaddr.js's ranges: public (globally routed unicast), internal (loopback, private,
 * unique local, and every other special range) or metadata (link-local, where cloud metadata services hand out
 * credentials, and the known metadata addresses outside it). IPv4-mapped, IPv4-compatible and NAT64 IPv6
 * addresses are judged by the IPv4 address inside them, whichever way they are spelled.
 */
export function classifyAddress(address: string): AddressClass {
  const bare = canonicalV6(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  if (!ipaddr.isValid(bare))
    return { kind: 'internal', reason: `"${address}" is not an IP address blockops can check` };
  let ip = ipaddr.process(bare);
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    const bytes = v6.toByteArray();
    const wraps = v6.range() !== 'unspecified' && v6.range() !== 'loopback';
    if (wraps && EMBEDDING_V4.some((prefix) => v6.match(prefix))) ip = ipaddr.fromByteArray(bytes.slice(12));
  }
  const range = ip.range();
  if (range === 'linkLocal') {
    return { kind: 'metadata', reason: 'a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata lives' };
  }
  if (METADATA.has(ip.toNormalizedString())) return { kind: 'metadata', reason: 'a cloud metadata service address' };
  if (range !== 'unicast')
    return { kind: 'internal', reason: RANGE_WORDS[range] ?? `a special-purpose address (${range})` };
  return { kind: 'public' };
}

/** IPv6 as the URL parser writes it (`::169.254.169.254` → `::a9fe:a9fe`), which ipaddr.js always reads. */
function canonicalV6(ip: string): string {
  if (!ip.includes(':')) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/** How the policy's image_hosts covers a URL's host: named explicitly, only by `*`, or not at all. */
export type HostListing = 'listed' | 'any' | 'unlisted';

export function hostListing(url: URL, imageHosts: readonly string[]): HostListing {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const entry of imageHosts) {
    const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(entry.trim().toLowerCase());
    if (!m) continue;
    const entryHost = m[1] ?? m[2];
    if (entryHost === ANY_PUBLIC_HOST) continue;
    if (sameHost(entryHost ?? '', host) && (m[3] === undefined || Number(m[3]) === Number(port))) return 'listed';
  }
  return imageHosts.includes(ANY_PUBLIC_HOST) ? 'any' : 'unlisted';
}

function sameHost(a: string, b: string): boolean {
  if (a === b) return true;
  return ipaddr.isValid(a) && ipaddr.isValid(b) && ipaddr.process(a).toString() === ipaddr.process(b).toString();
}

/** host:port as the policy would name it (IPv6 in brackets). */
export function hostEntry(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}
