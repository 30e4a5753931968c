import type { LightbitsEvent } from '../../clients/lightbits/index.js';
import { EVENT_WINDOW_MS, formatTime, lastFailureOf, type NodeRef } from './events.js';

const hours = Math.round(EVENT_WINDOW_MS / 3_600_000);

/** " since 10:32:05 UTC (after node lb-1 failed)": when the serving node took over, as the events tell it. */
export function sinceClause(
  from: (NodeRef & { state: string })[],
  ev: LightbitsEvent | undefined,
  events: unknown[] | undefined,
  now: Date,
): string {
  if (from.length === 0) return '';
  const back = from.filter((n) => n.state === 'Active').map((n) => n.name);
  const after =
    `after node ${from.map((n) => n.name).join(' and ')} failed` +
    (back.length ? `; ${back.join(' and ')} ${back.length === 1 ? 'is' : 'are'} Active again` : '');
  if (!events) return ` since an unknown time (${after}; the Lightbits events could not be read)`;
  if (!ev?.time) return ` since an unknown time (${after}; no event about it in the last ${hours} h)`;
  return ` since ${formatTime(ev.time, now)} (${after})`;
}

/** " since 10:32:05 UTC" for a replica node that is down, when an event says when it failed. */
export function failedAt(n: NodeRef, events: LightbitsEvent[] | undefined, now: Date): string {
  const ev = events && lastFailureOf(events, n);
  return ev?.time ? ` since ${formatTime(ev.time, now)}` : '';
}

export function newest(events: (LightbitsEvent | undefined)[]): LightbitsEvent | undefined {
  const t = (e: LightbitsEvent) => (e.time ? Date.parse(e.time) : 0);
  return events.filter((e): e is LightbitsEvent => e !== undefined).sort((a, b) => t(b) - t(a))[0];
}
