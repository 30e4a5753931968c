import { cinderIdOf, imageIdOf, type VolumeRisk, volumeRisk } from './classify.js';
import type { Fleet, FleetVolume } from './fleet.js';
import type { BlastRadius, VmRef } from './schema.js';

/** Unattached volumes named in a blast radius; the count is always complete. */
const NAMED_UNATTACHED = 50;

export interface BlastOptions {
  /** Nodes that do not serve I/O (now, or in the preview). */
  down: (nodeUuid: string) => boolean;
  /** Volumes (Lightbits uuid) whose primary moved: the watcher saw it move. Without it, only primaryDown counts. */
  movedPrimaries?: ReadonlySet<string>;
}

type VmClass = 'io_lost' | 'failed_over' | 'single_replica';

/**
 * Lightbits volumes → Cinder volumes (`volume-<cinder id>`) → Nova servers (attachments): which VMs lose I/O, fail
 * over or end on one replica, which image volumes and unattached volumes are touched. One pass over the volumes.
 */
export function blastRadius(
  fleet: Pick<Fleet, 'nodes' | 'volumes' | 'cinder' | 'servers'>,
  opts: BlastOptions,
): BlastRadius {
  const vms: Record<VmClass, Map<string, string[]>> = {
    io_lost: new Map(),
    failed_over: new Map(),
    single_replica: new Map(),
  };
  const images = new Set<string>();
  const unattached: string[] = [];
  const counts = { affected: 0, io_lost: 0, failed_over: 0, single_replica: 0 };
  for (const v of fleet.volumes ?? []) {
    const risk = volumeRisk(v, opts.down);
    const failedOver = !risk.ioLost && (risk.primaryDown || (opts.movedPrimaries?.has(v.uuid) ?? false));
    if (!risk.affected && !failedOver) continue;
    counts.affected++;
    if (risk.ioLost) counts.io_lost++;
    if (failedOver) counts.failed_over++;
    if (risk.singleReplica) counts.single_replica++;
    placeVolume(fleet, v, risk, failedOver, vms, images, unattached);
  }
  const names = fleet.servers;
  const refs = (m: Map<string, string[]>): VmRef[] =>
    [...m]
      .map(([id, volumes]) => ({ id, name: names?.get(id) ?? id, volumes }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const byUuid = new Map((fleet.nodes ?? []).map((n) => [n.uuid, n.name]));
  return {
    nodes_down: (fleet.nodes ?? []).filter((n) => opts.down(n.uuid)).map((n) => byUuid.get(n.uuid) ?? n.uuid),
    io_lost: refs(vms.io_lost),
    // A VM without I/O is named there, not again as failed over.
    failed_over: refs(without(vms.failed_over, vms.io_lost)),
    single_replica: refs(without(vms.single_replica, vms.io_lost)),
    image_volumes: [...images].sort(),
    unattached_volumes: { count: unattached.length, ids: unattached.slice(0, NAMED_UNATTACHED) },
    volumes: counts,
  };
}

function placeVolume(
  fleet: Pick<Fleet, 'cinder'>,
  v: FleetVolume,
  risk: VolumeRisk,
  failedOver: boolean,
  vms: Record<VmClass, Map<string, string[]>>,
  images: Set<string>,
  unattached: string[],
): void {
  const cinderId = cinderIdOf(v.name);
  const cinder = cinderId ? fleet.cinder?.get(cinderId) : undefined;
  const image = imageIdOf(v.name) ?? (cinder ? imageIdOf(cinder.name) : undefined);
  if (image) images.add(image);
  if (!cinder || cinder.servers.length === 0) {
    if (!image) unattached.push(cinderId ?? v.name);
    return;
  }
  const add = (cls: VmClass) => {
    for (const s of cinder.servers) {
      const list = vms[cls].get(s);
      if (list) list.push(cinder.id);
      else vms[cls].set(s, [cinder.id]);
    }
  };
  if (risk.ioLost) add('io_lost');
  if (failedOver) add('failed_over');
  if (risk.singleReplica) add('single_replica');
}

function without(m: Map<string, string[]>, drop: Map<string, string[]>): Map<string, string[]> {
  return new Map([...m].filter(([id]) => !drop.has(id)));
}

/** The servers a blast radius names per class, for gauges: how many VMs are at risk of each kind. */
export function vmCounts(b: BlastRadius | undefined): Record<VmClass, number> {
  return {
    io_lost: b?.io_lost.length ?? 0,
    failed_over: b?.failed_over.length ?? 0,
    single_replica: b?.single_replica.length ?? 0,
  };
}
