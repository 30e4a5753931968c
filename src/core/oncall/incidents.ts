import { nodeServesIo } from '../health/lightbits-check.js';
import { blastRadius } from './blast-radius.js';
import { type Fleet, lightbitsUnreachable } from './fleet.js';
import { type BlastRadius, type Incident, type Severity, type TimelineEntry, worseOf } from './schema.js';
import { causeOf, describe, plural, serviceKey, type Transition } from './transitions.js';

/** An incident's timeline keeps this many entries (the newest; the first, its opening, always stays). */
const TIMELINE_MAX = 200;

export type IncidentChange = 'opened' | 'changed' | 'resolved';

export interface IncidentUpdate {
  change: IncidentChange;
  incident: Incident;
  /** Volumes (Lightbits uuid) whose primary moved during the incident: kept beside it so a restart knows them. */
  movedPrimaries: string[];
  /** This cycle's lines for the incident (a Slack thread entry). */
  lines: string[];
}

export interface OpenIncident {
  incident: Incident;
  movedPrimaries: string[];
}

/** A root cause that holds now, with what the incident about it should say. */
interface Condition {
  key: string;
  title: string;
  severity: Severity;
  summary: string;
  blast?: BlastRadius;
  serving?: string[];
}

/**
 * Groups one cycle's transitions into incidents, one per root cause: a Lightbits node failure and every volume
 * transition it causes are one incident (a second node failing while it is open raises its severity); the Lightbits
 * API not answering is its own; each cinder-volume or nova-compute service down is its own. An incident opens when
 * its cause holds, changes when what it says changes, and resolves once the cause is gone (for Lightbits: every
 * node Active and every volume FullyProtected, i.e. the rebuild finished). A part of the fleet that could not be
 * read neither opens nor resolves anything.
 */
export function updateIncidents(
  open: OpenIncident[],
  fleet: Fleet,
  ts: Transition[],
  newId: () => string,
): IncidentUpdate[] {
  const at = fleet.at;
  const byKey = new Map(open.map((o) => [o.incident.key, o]));
  const linesByKey = new Map<string, Transition[]>();
  for (const t of ts) {
    const k = causeOf(t);
    const list = linesByKey.get(k);
    if (list) list.push(t);
    else linesByKey.set(k, [t]);
  }
  const out: IncidentUpdate[] = [];
  const known = knownKeys(fleet);
  const moved = (key: string) => {
    const set = new Set(byKey.get(key)?.movedPrimaries ?? []);
    for (const t of linesByKey.get(key) ?? []) if (t.kind === 'primary_moved') set.add(t.volume);
    return set;
  };
  const conditions = conditionsOf(fleet, moved('lightbits'));
  for (const c of conditions) {
    const prev = byKey.get(c.key);
    const lines = describe(linesByKey.get(c.key) ?? []);
    const movedPrimaries = c.key === 'lightbits' ? [...moved('lightbits')] : [];
    const lastFailover = (linesByKey.get(c.key) ?? []).some((t) => t.kind === 'primary_moved') ? at : undefined;
    if (!prev) {
      const incident: Incident = {
        id: newId(),
        key: c.key,
        status: 'open',
        severity: c.severity,
        peak_severity: c.severity,
        title: c.title,
        summary: c.summary,
        opened_at: at,
        updated_at: at,
        ...(c.blast ? { blast_radius: c.blast } : {}),
        serving_nodes: c.serving ?? [],
        ...(lastFailover ? { last_failover_at: lastFailover } : {}),
        timeline: [{ at, text: `Opened: ${c.title}` }, ...lines.map((text) => ({ at, text }))],
      };
      out.push({ change: 'opened', incident, movedPrimaries, lines: [`Opened: ${c.title}`, ...lines] });
      continue;
    }
    const p = prev.incident;
    const next: Incident = {
      ...p,
      severity: c.severity,
      peak_severity: worseOf(p.peak_severity, c.severity),
      title: c.title,
      summary: c.summary,
      ...(c.blast ? { blast_radius: c.blast } : {}),
      serving_nodes: c.serving ?? [],
      ...(lastFailover ? { last_failover_at: lastFailover } : {}),
    };
    const severityLine = p.severity !== c.severity ? [`Severity ${p.severity} → ${c.severity}`] : [];
    const all = [...severityLine, ...lines];
    if (all.length === 0 && fingerprint(p) === fingerprint(next)) continue;
    next.updated_at = at;
    next.timeline = trim([...p.timeline, ...all.map((text) => ({ at, text }))]);
    out.push({ change: 'changed', incident: next, movedPrimaries, lines: all });
  }
  const holding = new Set(conditions.map((c) => c.key));
  for (const o of open) {
    const key = o.incident.key;
    if (holding.has(key) || !known(key)) continue;
    const lines = [
      ...describe(linesByKey.get(key) ?? []),
      `Resolved after ${minutesBetween(o.incident.opened_at, at)}`,
    ];
    const incident: Incident = {
      ...o.incident,
      status: 'resolved',
      updated_at: at,
      resolved_at: at,
      summary: `Resolved: ${o.incident.title}`,
      timeline: trim([...o.incident.timeline, ...lines.map((text) => ({ at, text }))]),
    };
    out.push({ change: 'resolved', incident, movedPrimaries: o.movedPrimaries, lines });
  }
  return out;
}

/** Whether the fleet read in this cycle can tell if the cause behind `key` still holds. */
function knownKeys(f: Fleet): (key: string) => boolean {
  return (key) => {
    if (key === 'lightbits') return f.nodes !== undefined && f.volumes !== undefined;
    if (key === 'lightbits_api') return true;
    return f.services !== undefined;
  };
}

function conditionsOf(f: Fleet, movedPrimaries: ReadonlySet<string>): Condition[] {
  const out: Condition[] = [];
  if (lightbitsUnreachable(f)) {
    const why = f.errors.find((e) => e.source === 'lightbits')?.error.message ?? 'no answer';
    out.push({
      key: 'lightbits_api',
      title: 'The Lightbits API does not answer',
      severity: 'degraded',
      summary: `The watcher cannot read the cluster (${why}); volume protection and VMs at risk are unknown meanwhile.`,
    });
  }
  const lb = lightbitsCondition(f, movedPrimaries);
  if (lb) out.push(lb);
  for (const s of f.services ?? []) {
    if (s.state !== 'down' || s.status !== 'enabled') continue;
    out.push({
      key: serviceKey(s.binary, s.host),
      title: `${s.binary} on ${s.host} is down`,
      severity: 'info',
      summary:
        s.binary === 'cinder-volume'
          ? `${s.binary} on ${s.host} is down: volumes cannot be created, attached or deleted there; I/O of attached volumes goes on.`
          : `${s.binary} on ${s.host} is down: its servers cannot be started, stopped or attached to; running VMs go on.`,
    });
  }
  return out;
}

function lightbitsCondition(f: Fleet, movedPrimaries: ReadonlySet<string>): Condition | undefined {
  if (!f.nodes || !f.volumes) return undefined;
  const down = new Set(f.nodes.filter((n) => !nodeServesIo(n.state)).map((n) => n.uuid));
  const unprotected = f.volumes.filter((v) => v.protectionState !== 'FullyProtected' || v.rebuildProgress).length;
  if (down.size === 0 && unprotected === 0) return undefined;
  const blast = blastRadius(f, { down: (u) => down.has(u), movedPrimaries });
  const severity: Severity =
    blast.volumes.io_lost > 0 ? 'io_lost' : blast.volumes.single_replica > 0 ? 'single_replica' : 'degraded';
  const downNodes = f.nodes.filter((n) => down.has(n.uuid));
  const title = downNodes.length
    ? `Lightbits ${downNodes.length === 1 ? 'node' : 'nodes'} ${downNodes.map((n) => `${n.name} ${n.state}`).join(', ')}`
    : `${plural(unprotected, 'Lightbits volume')} not fully protected (rebuilding)`;
  const serving = servingNodes(f, movedPrimaries);
  return { key: 'lightbits', title, severity, summary: summaryOf(blast, unprotected, serving), blast, serving };
}

/** The nodes that now serve the volumes that failed over. */
function servingNodes(f: Fleet, moved: ReadonlySet<string>): string[] {
  const name = new Map((f.nodes ?? []).map((n) => [n.uuid, n.name]));
  const out = new Set<string>();
  for (const v of f.volumes ?? []) if (moved.has(v.uuid) && v.primary) out.add(name.get(v.primary) ?? v.primary);
  return [...out].sort();
}

export function summaryOf(b: BlastRadius, unprotected: number, serving: string[]): string {
  const parts = [
    `${plural(b.io_lost.length, 'VM')} without I/O`,
    `${plural(b.failed_over.length, 'VM')} failed over${serving.length ? ` (now served by ${serving.join(', ')})` : ''}`,
    `${plural(b.single_replica.length, 'VM')} on a single replica`,
    `${plural(unprotected, 'volume')} not fully protected`,
  ];
  if (b.image_volumes.length) parts.push(`${plural(b.image_volumes.length, 'image volume')} affected`);
  if (b.unattached_volumes.count) parts.push(`${plural(b.unattached_volumes.count, 'unattached volume')} affected`);
  return `${parts.join('; ')}.`;
}

/** What an incident says, without its times: a change of it is worth a message update. */
function fingerprint(i: Incident): string {
  const b = i.blast_radius;
  return JSON.stringify([
    i.severity,
    i.title,
    i.serving_nodes,
    b && [b.io_lost.length, b.failed_over.length, b.single_replica.length, b.volumes, b.image_volumes.length],
  ]);
}

function trim(t: TimelineEntry[]): TimelineEntry[] {
  return t.length <= TIMELINE_MAX ? t : [t[0]!, ...t.slice(t.length - TIMELINE_MAX + 1)];
}

/** "12 min", "under a minute". */
export function minutesBetween(from: string, to: string): string {
  const min = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
  return min < 1 ? 'under a minute' : `${min} min`;
}
