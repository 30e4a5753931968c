import { nodeServesIo } from '../health/lightbits-check.js';
import { type Fleet, lightbitsUnreachable } from './fleet.js';

/** A change between two cycles. Volumes are by Lightbits uuid; nodes by name. */
export type Transition =
  | { kind: 'node'; node: string; uuid: string; from: string; to: string }
  | { kind: 'protection'; volume: string; from: string; to: string }
  | { kind: 'primary_moved'; volume: string; from: string; to: string }
  | { kind: 'rebuild'; volume: string; from: string | undefined; to: string | undefined }
  | { kind: 'service'; binary: string; host: string; from: string; to: string }
  | { kind: 'reachable'; to: boolean }
  | { kind: 'api_endpoint'; from: string; to: string };

/**
 * What changed from `prev` to `next`. Nothing for the first cycle (there is nothing to compare with), and nothing
 * about a part either cycle could not read: "unknown" is not a change.
 */
export function transitions(prev: Fleet | undefined, next: Fleet): Transition[] {
  if (!prev) return [];
  const out: Transition[] = [];
  const wasDown = lightbitsUnreachable(prev);
  const isDown = lightbitsUnreachable(next);
  if (wasDown !== isDown) out.push({ kind: 'reachable', to: !isDown });
  if (prev.apiEndpoint && next.apiEndpoint && prev.apiEndpoint !== next.apiEndpoint)
    out.push({ kind: 'api_endpoint', from: prev.apiEndpoint, to: next.apiEndpoint });
  const nodeName = new Map<string, string>();
  if (prev.nodes && next.nodes) {
    const before = new Map(prev.nodes.map((n) => [n.uuid, n.state]));
    for (const n of next.nodes) {
      nodeName.set(n.uuid, n.name);
      const was = before.get(n.uuid);
      if (was !== undefined && was !== n.state)
        out.push({ kind: 'node', node: n.name, uuid: n.uuid, from: was, to: n.state });
    }
  }
  if (prev.volumes && next.volumes) {
    const before = new Map(prev.volumes.map((v) => [v.uuid, v]));
    const name = (uuid: string | undefined) => (uuid ? (nodeName.get(uuid) ?? uuid) : 'none');
    for (const v of next.volumes) {
      const was = before.get(v.uuid);
      if (!was) continue;
      if (was.protectionState !== v.protectionState)
        out.push({ kind: 'protection', volume: v.uuid, from: was.protectionState, to: v.protectionState });
      if (was.primary && v.primary && was.primary !== v.primary)
        out.push({ kind: 'primary_moved', volume: v.uuid, from: name(was.primary), to: name(v.primary) });
      if (was.rebuildProgress !== v.rebuildProgress)
        out.push({ kind: 'rebuild', volume: v.uuid, from: was.rebuildProgress, to: v.rebuildProgress });
    }
  }
  if (prev.services && next.services) {
    const key = (s: { binary: string; host: string }) => `${s.binary}@${s.host}`;
    const before = new Map(prev.services.map((s) => [key(s), s.state]));
    for (const s of next.services) {
      const was = before.get(key(s));
      if (was !== undefined && was !== s.state)
        out.push({ kind: 'service', binary: s.binary, host: s.host, from: was, to: s.state });
    }
  }
  return out;
}

/** The root cause a transition belongs to (its incident's key). */
export function causeOf(t: Transition): string {
  if (t.kind === 'service') return serviceKey(t.binary, t.host);
  if (t.kind === 'reachable') return 'lightbits_api';
  return 'lightbits';
}

export function serviceKey(binary: string, host: string): string {
  return `service:${binary}@${host}`;
}

/**
 * Lines for people, one per node, service or endpoint change, and one per kind of volume change with its count:
 * a node failure moves thousands of volumes, and a timeline of thousands of lines helps nobody.
 */
export function describe(ts: Transition[]): string[] {
  const lines: string[] = [];
  const grouped = new Map<string, number>();
  const bump = (k: string) => grouped.set(k, (grouped.get(k) ?? 0) + 1);
  let rebuildsDone = 0;
  let rebuilding = 0;
  for (const t of ts) {
    if (t.kind === 'node') {
      const what = nodeServesIo(t.to)
        ? 'serves I/O again'
        : nodeServesIo(t.from)
          ? 'stopped serving I/O'
          : 'is still down';
      lines.push(`Lightbits node ${t.node}: ${t.from} → ${t.to} (${what})`);
    } else if (t.kind === 'service') lines.push(`${t.binary} on ${t.host}: ${t.from} → ${t.to}`);
    else if (t.kind === 'reachable')
      lines.push(
        t.to ? 'The Lightbits API answers again' : 'The Lightbits API does not answer (no node of it responded)',
      );
    else if (t.kind === 'api_endpoint') lines.push(`The Lightbits API moved from ${t.from} to ${t.to}`);
    else if (t.kind === 'protection') bump(`${t.from} → ${t.to}`);
    else if (t.kind === 'primary_moved') bump(`primary moved ${t.from} → ${t.to}`);
    else if (t.to === undefined) rebuildsDone++;
    else rebuilding++;
  }
  for (const [what, n] of grouped) lines.push(`${plural(n, 'volume')}: ${what}`);
  if (rebuilding) lines.push(`${plural(rebuilding, 'volume')} rebuilding`);
  if (rebuildsDone) lines.push(`${plural(rebuildsDone, 'volume')} finished rebuilding`);
  return lines;
}

export function plural(n: number, what: string): string {
  return `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
}
