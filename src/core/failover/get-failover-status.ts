import type { LightbitsEvent } from '../../clients/lightbits/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { LIGHTBITS_NOT_CONFIGURED } from '../health/lightbits-check.js';
import { eventsAbout, toFailoverEvent } from './events.js';
import { type LightbitsContext, readLightbits } from './lightbits-side.js';
import type { FailoverOutput, VolumeFailover } from './schema.js';
import { type FailoverTarget, resolveTarget } from './target.js';
import { volumeStatus, worst } from './volume-status.js';

export { type FailoverOutput, failoverOutput } from './schema.js';
export { checkTarget, type FailoverTarget } from './target.js';

const RECENT_EVENTS = 10;

/**
 * For a server (all its attached volumes) or one volume: Cinder volume → Lightbits volume-<id> → replicas, which
 * node serves I/O and since when, protection; a verdict per volume and overall, and the recent Lightbits events.
 */
export async function getFailoverStatus(
  cloud: Cloud,
  target: FailoverTarget,
  opts: { now?: () => Date } = {},
): Promise<FailoverOutput> {
  const now = opts.now?.() ?? new Date();
  const t = await resolveTarget(cloud, target);
  const first = t.volumes[0];
  const head = t.server
    ? { kind: 'server' as const, id: t.server.id, name: t.server.name }
    : { kind: 'volume' as const, id: first?.id ?? '', name: first?.name ?? '' };
  const server = t.server && {
    id: t.server.id,
    name: t.server.name,
    status: t.server.status,
    ...(t.server.host ? { compute_host: t.server.host } : {}),
  };
  const notes = t.missing.map((id) => `Nova lists volume ${id} on this server, but Cinder does not show it.`);
  const base = { target: head, ...(server ? { server } : {}), checked_at: now.toISOString() };
  if (t.volumes.length === 0) {
    const where = server?.compute_host ? ` (its disk is local to compute host ${server.compute_host})` : '';
    return {
      ...base,
      verdict: 'no_volumes',
      summary: `Server ${head.name} has no volumes attached${where}, so Lightbits fail-over does not concern it.`,
      volumes: [],
      recent_events: [],
      notes,
    };
  }

  const lb = await readLightbits(cloud, t.volumes, now);
  const volumes = t.volumes.map((v) => volumeStatus(cloud, v, lb, now));
  const verdict = worst(volumes.map((v) => v.verdict));
  return {
    ...base,
    verdict,
    summary: overallSummary(head, server, volumes),
    volumes,
    recent_events: lb?.events.ok ? recentEvents(lb.events.value, volumes) : [],
    notes: [...notes, ...notesFor(cloud, lb, volumes)],
  };
}

function overallSummary(
  head: FailoverOutput['target'],
  server: FailoverOutput['server'],
  volumes: VolumeFailover[],
): string {
  const label = (v: VolumeFailover) => `volume ${v.cinder.name || v.cinder.id}`;
  if (!server) return `${label(volumes[0]!)}: ${volumes[0]!.summary}.`;
  const where = `Server ${head.name} (${server.status}${server.compute_host ? ` on ${server.compute_host}` : ''})`;
  return `${where}: ${volumes.map((v) => `${label(v)}: ${v.summary}`).join(' | ')}.`;
}

/** Events about the replicas' nodes or naming the volumes, newest first, a few. */
function recentEvents(events: LightbitsEvent[], volumes: VolumeFailover[]) {
  const nodes = volumes.flatMap((v) => v.lightbits.replicas.map((r) => ({ uuid: r.node_uuid, name: r.node_name })));
  const keys = volumes.flatMap((v) => [v.cinder.id, v.lightbits.uuid ?? '', v.lightbits.name ?? '']);
  return eventsAbout(events, nodes, keys).slice(0, RECENT_EVENTS).map(toFailoverEvent);
}

function notesFor(cloud: Cloud, lb: LightbitsContext | undefined, volumes: VolumeFailover[]): string[] {
  const notes: string[] = [];
  if (!lb) notes.push(`${LIGHTBITS_NOT_CONFIGURED} The Cinder and Nova side is reported.`);
  const derived = volumes
    .filter((v) => v.lightbits.serving_node?.source === 'derived')
    .map((v) => v.cinder.name || v.cinder.id);
  if (derived.length) {
    notes.push(
      `Lightbits does not report a primary node for ${derived.join(', ')}: the serving node given is the first healthy ` +
        'replica, derived from the Lightbits side, not seen on the host.',
    );
  }
  if (volumes.some((v) => v.lightbits.serving_node)) {
    const hosts = [...new Set(volumes.flatMap((v) => v.cinder.attachments.map((a) => a.compute_host)).filter(Boolean))];
    const where = hosts.length ? ` (${hosts.join(', ')})` : '';
    notes.push(
      `Which path the host actually uses is visible only on the compute host${where}: \`nvme list-subsys -o json\` ` +
        "shows each NVMe/TCP path's ANA state (optimized on the path in use, inaccessible on the others).",
    );
  }
  if (lb && !lb.nodes.ok) notes.push(`The Lightbits node list could not be read (${lb.nodes.error.message}).`);
  if (lb && !lb.events.ok) {
    notes.push(`The Lightbits events could not be read (${lb.events.error.code}), so "since when" is unknown.`);
  }
  if (cloud.emulated) notes.push("This is blockops' built-in emulator, not a real cloud.");
  return notes;
}
