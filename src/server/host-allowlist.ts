import type { ServerSettings } from '../config/index.js';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** Host values we answer to. Default: the loopback host:port this server listens on. */
export function allowedHostsFor(settings: ServerSettings, url: string): string[] {
  if (settings.allowedHosts.length) return settings.allowedHosts.map((h) => h.toLowerCase());
  const u = new URL(url);
  const names = LOOPBACK.includes(u.hostname) || u.hostname === '::1' ? LOOPBACK : [u.hostname];
  return names.map((n) => `${n}:${u.port}`);
}

export function allowedOriginsFor(settings: ServerSettings, hosts: string[]): string[] {
  if (settings.allowedOrigins.length) return settings.allowedOrigins.map((o) => new URL(o).origin);
  return hosts.flatMap((h) => [`http://${h}`, `https://${h}`]);
}

/** An entry with a port must match exactly; one without a port allows any port on that host name. */
export function hostAllowed(host: string | undefined, allowed: string[]): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0];
  return allowed.some((a) => a === h || a === name);
}
