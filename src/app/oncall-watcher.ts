import { randomBytes } from 'node:crypto';
import type { Cloud } from '../core/cloud/cloud.js';
import { OpsError } from '../core/errors/ops-error.js';
import { CHECK_TIMEOUT_MS } from '../core/health/settle.js';
import { type Attachments, type Fleet, lightbitsUnreachable, readFleet } from '../core/oncall/fleet.js';
import { incidentOf } from '../core/oncall/incident-view.js';
import { type IncidentUpdate, type OpenIncident, updateIncidents } from '../core/oncall/incidents.js';
import type { Incident, TimelineEntry } from '../core/oncall/schema.js';
import { type Transition, transitions } from '../core/oncall/transitions.js';
import type { Actor } from '../core/people/actor.js';
import type { IncidentRow, Store } from '../core/store/types.js';
import { log } from '../log.js';

export const DEFAULT_WATCH_INTERVAL_S = 10;
/** Backing off while the Lightbits API does not answer, the wait doubles up to this. */
const MAX_BACKOFF_MS = 60_000;
const LEASE = 'oncall-watcher';
/** Incidents looked at each cycle for changes made by any replica (open ones and the recently resolved). */
const RECENT = 50;

export const WATCHER_ACTOR: Actor = { id: 'blockops-watcher', via: 'system', displayName: 'blockops watcher' };

/** BLOCKOPS_WATCH_INTERVAL in seconds (default 10; 0 turns the watcher off); anything else is refused. */
export function watchIntervalMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['BLOCKOPS_WATCH_INTERVAL']?.trim();
  if (!raw) return DEFAULT_WATCH_INTERVAL_S * 1000;
  const s = Number(raw);
  if (!Number.isFinite(s) || s < 0 || s > 3600) {
    throw new OpsError(
      'CONFIG.INVALID',
      `BLOCKOPS_WATCH_INTERVAL must be a number of seconds from 0 (off) to 3600, e.g. 10; not "${raw}".`,
    );
  }
  return s === 0 ? undefined : Math.max(100, Math.round(s * 1000));
}

/** An incident as this process last saw it change, with the timeline entries that are new to it. */
export interface IncidentNews {
  incident: Incident;
  /** Opened, changed or resolved since this process last looked (first look: opened, or changed if older). */
  change: 'opened' | 'changed' | 'resolved';
  news: TimelineEntry[];
  notes: Record<string, unknown>;
}

export interface WatcherCycle {
  fleet: Fleet;
  transitions: Transition[];
  durationSeconds: number;
  leader: boolean;
}

export interface WatcherDeps {
  store: Pick<Store, 'incidents' | 'leases' | 'audit'>;
  cloud: () => Promise<Cloud>;
  intervalMs: number;
  /** Names this process in the lease. */
  owner: string;
  now?: () => Date;
  /** Takes part in the lease (and so may write incidents); false: only watches. */
  lead?: boolean;
}

/**
 * The on-call watcher: polls the fleet every interval (backing off while the Lightbits API does not answer),
 * detects transitions, and, while it holds the store's lease (one replica of several), groups them into incidents
 * and records each opening, change and resolution in the store and the audit log. Every replica reads the
 * incidents back, so each tells its own listeners (MCP subscriptions, Slack, a terminal) of what changed.
 */
export class OncallWatcher {
  private prev: Fleet | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;
  private looked = false;
  /** Cinder's volumes and Nova's servers, re-listed every few cycles only (see attachmentsEveryMs). */
  private attachments: Attachments | undefined;
  private attachmentsAt = 0;
  private readonly seen = new Map<string, { version: number; updatedAt: string }>();
  private readonly listeners = new Set<(n: IncidentNews) => void>();
  private readonly cycleListeners = new Set<(c: WatcherCycle) => void>();
  /** The last cycle's fleet and the incidents as read back, for metrics. */
  fleet: Fleet | undefined;
  incidents: Incident[] = [];
  leader = false;
  lastSuccessAt: Date | undefined;

  constructor(private readonly deps: WatcherDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  onIncident(listener: (n: IncidentNews) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onCycle(listener: (c: WatcherCycle) => void): () => void {
    this.cycleListeners.add(listener);
    return () => this.cycleListeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (this.leader) {
      await this.deps.store.leases
        .release(LEASE, this.deps.owner)
        .catch((e: unknown) => log.warn({ err: e }, 'releasing the watcher lease failed; it lapses by itself'));
      this.leader = false;
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.cycle()
        .then(() => undefined)
        .catch((e: unknown) => log.error({ err: e }, 'on-call watcher cycle failed; retrying'))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.nextDelay());
        });
    }, ms);
    this.timer.unref();
  }

  /**
   * How long Cinder's attachments and Nova's names are reused: six cycles, and at least a minute. A VM attached
   * meanwhile is named in a blast radius up to that much later; Lightbits' own state is read every cycle.
   */
  private attachmentsEveryMs(): number {
    return Math.max(this.deps.intervalMs * 6, 60_000);
  }

  /** The interval; while the cluster does not answer, doubling per failed cycle up to a minute. */
  private nextDelay(): number {
    const base = this.deps.intervalMs;
    if (this.failures === 0) return base;
    return Math.min(base * 2 ** Math.min(this.failures, 10), Math.max(MAX_BACKOFF_MS, base));
  }

  /** One poll: read, compare, and (holding the lease) update the incidents; then tell listeners what changed. */
  async cycle(): Promise<WatcherCycle> {
    const t0 = performance.now();
    const at = this.now();
    const cloud = await this.deps.cloud();
    const fresh = this.attachments && at.getTime() - this.attachmentsAt < this.attachmentsEveryMs();
    const fleet = await readFleet(
      cloud,
      at,
      Math.max(this.deps.intervalMs * 3, CHECK_TIMEOUT_MS),
      fresh ? this.attachments : undefined,
    );
    if (!fresh && fleet.cinder && fleet.servers) {
      this.attachments = { cinder: fleet.cinder, servers: fleet.servers };
      this.attachmentsAt = at.getTime();
    }
    const ts = transitions(this.prev, fleet);
    this.prev = mergeKnown(this.prev, fleet);
    this.failures = lightbitsUnreachable(fleet) ? this.failures + 1 : 0;
    if (fleet.errors.length === 0) this.lastSuccessAt = at;
    this.fleet = fleet;
    this.leader = await this.holdLease(at);
    if (this.leader) await this.record(fleet, ts);
    await this.readBack();
    const c = { fleet, transitions: ts, durationSeconds: (performance.now() - t0) / 1000, leader: this.leader };
    for (const l of this.cycleListeners) l(c);
    return c;
  }

  private async holdLease(at: Date): Promise<boolean> {
    if (this.deps.lead === false) return false;
    const ttl = Math.max(this.deps.intervalMs * 3, 3_000);
    try {
      return await this.deps.store.leases.acquire(
        LEASE,
        this.deps.owner,
        at.toISOString(),
        new Date(at.getTime() + ttl).toISOString(),
      );
    } catch (e) {
      log.warn({ err: e }, 'the watcher lease could not be checked; not writing incidents this cycle');
      return false;
    }
  }

  private async record(fleet: Fleet, ts: Transition[]): Promise<void> {
    const { incidents } = this.deps.store;
    const rows = await incidents.list({ status: 'open', limit: 1000 });
    const open: (OpenIncident & { row: IncidentRow })[] = rows.map((row) => ({
      row,
      incident: incidentOf(row),
      movedPrimaries: row.movedPrimaries,
    }));
    const updates = updateIncidents(open, fleet, ts, newIncidentId);
    for (const u of updates) {
      const prev = open.find((o) => o.incident.id === u.incident.id);
      const written = prev ? await this.write(prev.row, u) : await this.openRow(u);
      if (written) await this.audit(u);
    }
  }

  private async openRow(u: IncidentUpdate): Promise<boolean> {
    const row = await this.deps.store.incidents.open({
      id: u.incident.id,
      key: u.incident.key,
      severity: u.incident.severity,
      openedAt: u.incident.opened_at,
      data: u.incident,
      movedPrimaries: u.movedPrimaries,
    });
    if (!row) log.info({ key: u.incident.key }, 'an incident for this cause is already open (another replica)');
    return row !== undefined;
  }

  private async write(prev: IncidentRow, u: IncidentUpdate): Promise<boolean> {
    const row = await this.deps.store.incidents.update(prev.id, prev.version, {
      status: u.incident.status,
      severity: u.incident.severity,
      updatedAt: u.incident.updated_at,
      resolvedAt: u.incident.resolved_at,
      data: u.incident,
      movedPrimaries: u.movedPrimaries,
    });
    if (!row) log.info({ incident: prev.id }, 'incident changed by another replica meanwhile; next cycle reads it');
    return row !== undefined;
  }

  /** An observation, not an action: the timeline survives in the tamper-evident log. */
  private async audit(u: IncidentUpdate): Promise<void> {
    const i = u.incident;
    await this.deps.store.audit.append({
      event: 'observed',
      actor: WATCHER_ACTOR,
      operation: 'oncall_incident',
      resources: { incident: i.id },
      details: {
        change: u.change,
        key: i.key,
        severity: i.severity,
        title: i.title,
        summary: i.summary,
        lines: u.lines,
      },
    });
  }

  /** Incidents as the store has them now (whoever wrote them): what changed since the last look goes to listeners. */
  private async readBack(): Promise<void> {
    const rows = await this.deps.store.incidents.list({ limit: RECENT });
    const firstLook = !this.looked;
    this.looked = true;
    const open: Incident[] = [];
    for (const row of rows) {
      const incident = incidentOf(row);
      if (row.status === 'open') open.push(incident);
      const last = this.seen.get(row.id);
      if (last && last.version === row.version) continue;
      this.seen.set(row.id, { version: row.version, updatedAt: incident.updated_at });
      // Incidents that ended before this process started are history, not news.
      if (firstLook && row.status === 'resolved') continue;
      const change = row.status === 'resolved' ? 'resolved' : last || row.version > 0 ? 'changed' : 'opened';
      // Without an earlier look there is no telling what is new, unless the incident itself is.
      const news = last
        ? incident.timeline.filter((e) => e.at > last.updatedAt)
        : change === 'opened'
          ? incident.timeline
          : [];
      const n: IncidentNews = { incident, change, news, notes: row.notes };
      for (const l of this.listeners) {
        try {
          l(n);
        } catch (e) {
          log.error({ err: e, incident: incident.id }, 'an incident listener failed');
        }
      }
    }
    this.incidents = open;
  }
}

/** Keeps the last known value of a part a cycle could not read, so the next comparison is against what was seen. */
function mergeKnown(prev: Fleet | undefined, next: Fleet): Fleet {
  if (!prev) return next;
  return {
    ...next,
    nodes: next.nodes ?? prev.nodes,
    volumes: next.volumes ?? prev.volumes,
    cinder: next.cinder ?? prev.cinder,
    servers: next.servers ?? prev.servers,
    services: next.services ?? prev.services,
  };
}

/** `inc-` and 10 hex digits: short enough for `/blockops incident <id>`, unguessable enough not to matter. */
export function newIncidentId(): string {
  return `inc-${randomBytes(5).toString('hex')}`;
}
