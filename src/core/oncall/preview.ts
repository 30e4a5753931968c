import type { Cloud } from '../cloud/cloud.js';
import { OpsError } from '../errors/ops-error.js';
import { nodeServesIo } from '../health/lightbits-check.js';
import { blastRadius } from './blast-radius.js';
import { type Fleet, readFleet } from './fleet.js';
import { summaryOf } from './incidents.js';
import { plural } from './transitions.js';

/** A node by its name, hostname or uuid. */
function resolveNodes(fleet: Fleet, refs: string[]) {
  const nodes = fleet.nodes ?? [];
  return refs.map((ref) => {
    const n = nodes.find((x) => x.uuid === ref || x.name === ref || x.hostname === ref);
    if (!n) {
      const known = nodes.map((x) => x.name).join(', ') || 'none';
      throw new OpsError('NODE.NOT_FOUND', `No Lightbits node "${ref}". The cluster's nodes are: ${known}.`);
    }
    return n;
  });
}

/** "If these nodes went down now": the watcher's own blast radius, with those nodes counted as down. */
export async function previewBlastRadius(cloud: Cloud, nodesArg: string, now: Date) {
  if (!cloud.lightbits) {
    throw new OpsError(
      'ONCALL.NO_LIGHTBITS',
      'Lightbits is not configured (no LIGHTBITS_API_ENDPOINTS): there is no placement to preview.',
    );
  }
  const refs = [
    ...new Set(
      nodesArg
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (refs.length === 0)
    throw new OpsError('INPUT.INVALID', 'Name at least one Lightbits node, e.g. nodes "server00-0".');
  const fleet = await readFleet(cloud, now);
  const failure = fleet.errors.find((e) => e.source === 'lightbits');
  if (!fleet.nodes || !fleet.volumes) {
    throw new OpsError(
      failure?.error.code === 'CHECK.TIMEOUT' ? 'CHECK.TIMEOUT' : 'API.UNREACHABLE',
      `The Lightbits placement could not be read: ${failure?.error.message ?? 'no answer'}.`,
    );
  }
  const chosen = resolveNodes(fleet, refs);
  const down = new Set([
    ...chosen.map((n) => n.uuid),
    ...fleet.nodes.filter((n) => !nodeServesIo(n.state)).map((n) => n.uuid),
  ]);
  const b = blastRadius(fleet, { down: (u) => down.has(u) });
  const alreadyDown = fleet.nodes.filter((n) => !nodeServesIo(n.state)).map((n) => n.name);
  const head = `If ${chosen.length === 1 ? 'node' : 'nodes'} ${chosen.map((n) => n.name).join(', ')} went down now`;
  const also = alreadyDown.length ? ` (with ${alreadyDown.join(', ')} already down)` : '';
  const unnamed = fleet.cinder === undefined ? ' Cinder volumes could not be read, so VMs are not named.' : '';
  return {
    nodes: chosen.map((n) => n.name),
    already_down: alreadyDown,
    blast_radius: b,
    summary: `${head}${also}: ${summaryOf(b, b.volumes.affected, []).replace(/\.$/, '')} (${plural(fleet.volumes.length, 'volume')} checked).${unnamed}`,
    checked_at: now.toISOString(),
  };
}
