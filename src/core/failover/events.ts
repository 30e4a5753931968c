import type { LightbitsClient, LightbitsEvent } from '../../clients/lightbits/index.js';
import type { FailoverEvent } from './schema.js';

/** How far back to look for what changed: on-call questions are about today, and the window bounds the paging. */
export const EVENT_WINDOW_MS = 24 * 60 * 60 * 1000;
const PAGE = 1000;
const MAX_PAGES = 5;

/** Lightbits events of the last window, newest first (the API's own order is not documented, so sort here). */
export async function fetchRecentEvents(lb: LightbitsClient, now: Date, windowMs = EVENT_WINDOW_MS) {
  const since = new Date(now.getTime() - windowMs).toISOString();
  const all: LightbitsEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await lb.listEvents({ since, limit: PAGE, ...(nextToken ? { nextToken } : {}) });
    all.push(...res.events);
    nextToken = res.nextToken;
    if (!nextToken || res.events.length === 0) break;
  }
  return newestFirst(all);
}

export function newestFirst(events: LightbitsEvent[]): LightbitsEvent[] {
  const t = (e: LightbitsEvent) => (e.time ? Date.parse(e.time) : Number.NEGATIVE_INFINITY) || 0;
  return [...events].sort((a, b) => t(b) - t(a));
}

const LEAVING = /^(inactive|deactivat|fail|unattach|detach|down|unreach)/i;

/** A node leaving service: Deactivating, Inactive, failed, detached, unreachable… (not Activating/Active). */
export function isFailureEvent(e: LightbitsEvent): boolean {
  const name = (e.name ?? '').replace(/^Node/, '');
  return LEAVING.test(e.status ?? '') || LEAVING.test(name) || /fail/i.test(name);
}

export interface NodeRef {
  uuid: string;
  name: string;
}

function aboutNode(e: LightbitsEvent, node: NodeRef): boolean {
  return e.nodeUuid === node.uuid || (e.nodeUuid === undefined && e.nodeName === node.name);
}

/** The events about these nodes or naming this volume, keeping the order given. */
export function eventsAbout(events: LightbitsEvent[], nodes: NodeRef[], volumeKeys: string[]): LightbitsEvent[] {
  const keys = volumeKeys.filter(Boolean);
  return events.filter(
    (e) => nodes.some((n) => aboutNode(e, n)) || keys.some((k) => e.description?.includes(k) || e.name?.includes(k)),
  );
}

/** The newest failure event about a node (events newest first). */
export function lastFailureOf(events: LightbitsEvent[], node: NodeRef): LightbitsEvent | undefined {
  return events.find((e) => aboutNode(e, node) && isFailureEvent(e));
}

export function toFailoverEvent(e: LightbitsEvent): FailoverEvent {
  return {
    ...(e.time ? { time: e.time } : {}),
    severity: e.severity,
    type: e.type,
    ...(e.name ? { name: e.name } : {}),
    ...(e.status ? { status: e.status } : {}),
    ...(e.nodeName ? { node_name: e.nodeName } : {}),
    ...(e.description ? { description: e.description } : {}),
  };
}

/** "10:32:05 UTC" today, "2025-03-01 10:32 UTC" another day: on-call staff read it in a chat line. */
export function formatTime(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = d.toISOString();
  return s.slice(0, 10) === now.toISOString().slice(0, 10)
    ? `${s.slice(11, 19)} UTC`
    : `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}
