import { apiFailureKind } from '../errors/codes.js';
import { CAPACITY_WARN_PERCENT, humanBytes } from './capacity.js';
import type { CheckError, GlanceHealth, HealthVerdict, LightbitsHealth, ServicesHealth } from './schema.js';
import { isUnreachable } from './settle.js';

export interface HealthSections {
  lightbits: LightbitsHealth;
  cinder: ServicesHealth;
  nova: ServicesHealth;
  glance: GlanceHealth;
}

/** Collects reasons by severity; the verdict is the worst one seen. */
class Findings {
  readonly down: string[] = [];
  readonly degraded: string[] = [];
  add(severity: 'down' | 'degraded', reason: string) {
    const list = severity === 'down' ? this.down : this.degraded;
    if (!list.includes(reason)) list.push(reason);
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * down: something blockops depends on does not answer, or data cannot be reached (no Lightbits node Active,
 * volumes NotAvailable, no cinder-volume or nova-compute up). degraded: it works, with less redundancy or with
 * parts failing or unchecked. healthy: nothing to report. Reasons come worst first, in plain words.
 */
export function healthVerdict(s: HealthSections): { verdict: HealthVerdict; reasons: string[] } {
  const f = new Findings();
  lightbitsFindings(s.lightbits, f);
  serviceFindings(s.cinder, 'Cinder', 'cinder-volume', f);
  serviceFindings(s.nova, 'Nova', 'nova-compute', f);
  if (s.glance.error) apiFailure(s.glance.error, 'Glance', 'list Glance images', f);
  const verdict: HealthVerdict = f.down.length ? 'down' : f.degraded.length ? 'degraded' : 'healthy';
  return { verdict, reasons: [...f.down, ...f.degraded] };
}

function lightbitsFindings(lb: LightbitsHealth, f: Findings): void {
  if (lb.status === 'not_configured') return;
  for (const e of lb.errors) {
    if (lb.status === 'error' && isUnreachable(e)) f.add('down', 'the Lightbits API did not answer on any endpoint');
    else f.add('degraded', `could not check ${e.check} (${e.code})`);
  }
  const inactive = lb.nodes.filter((n) => !n.healthy);
  if (lb.nodes.length > 0 && inactive.length === lb.nodes.length) f.add('down', 'no Lightbits node is Active');
  for (const n of inactive) f.add('degraded', `node ${n.name} is ${n.state}`);

  const v = lb.volumes;
  if (v?.not_available) f.add('down', `${plural(v.not_available, 'volume')} NotAvailable (no replica can serve I/O)`);
  if (v?.read_only) f.add('degraded', `${plural(v.read_only, 'volume')} ReadOnly`);
  if (v?.degraded) f.add('degraded', `${plural(v.degraded, 'volume')} Degraded`);

  const cap = lb.capacity;
  if (cap && cap.used_percent >= CAPACITY_WARN_PERCENT) {
    f.add('degraded', `Lightbits capacity is ${cap.used_percent}% used (${humanBytes(cap.free_bytes)} free)`);
  }
  const state = lb.cluster?.health_state;
  const explained = inactive.length > 0 || (v?.not_fully_protected ?? 0) > 0;
  if (state && !/^(ok|none|healthy)$/i.test(state) && !explained) {
    f.add('degraded', `the Lightbits cluster reports health ${state}`);
  }
}

function serviceFindings(s: ServicesHealth, api: string, main: string, f: Findings): void {
  if (s.error) {
    apiFailure(s.error, api, `list ${api} services`, f);
    return;
  }
  const mains = s.services.filter((x) => x.binary === main);
  const enabledMains = mains.filter((x) => x.status !== 'disabled');
  if (mains.length === 0) f.add('down', `no ${main} service is registered in ${api}`);
  else if (enabledMains.length > 0 && enabledMains.every((x) => x.state !== 'up'))
    f.add('down', `every ${main} is down`);
  for (const x of s.services) {
    if (x.state !== 'up' && x.status !== 'disabled') f.add('degraded', `${x.binary} on ${x.host} is ${x.state}`);
  }
}

function apiFailure(e: CheckError, api: string, what: string, f: Findings): void {
  if (e.code.startsWith('KEYSTONE.')) f.add('down', `blockops cannot sign in to OpenStack (${e.code})`);
  else if (apiFailureKind(e.code) === 'SERVER_ERROR') f.add('down', `the ${api} API answers with server errors`);
  else if (isUnreachable(e)) f.add('down', `the ${api} API did not answer`);
  else f.add('degraded', `could not ${what} (${e.code})`);
}
