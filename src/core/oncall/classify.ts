/** How one volume stands when the nodes `down` says do not serve: the one rule for the watcher and the preview. */
export interface VolumeRisk {
  healthy: number;
  /** No healthy replica: I/O stops. */
  ioLost: boolean;
  /** One healthy replica of several. */
  singleReplica: boolean;
  /** The primary is on a node that does not serve and another replica can take over (a fail-over). */
  primaryDown: boolean;
  /** Fewer healthy replicas than placed. */
  affected: boolean;
}

export function volumeRisk(
  v: { nodeList: string[]; primary: string | undefined },
  down: (nodeUuid: string) => boolean,
): VolumeRisk {
  let healthy = 0;
  for (const n of v.nodeList) if (!down(n)) healthy++;
  const placed = v.nodeList.length;
  return {
    healthy,
    ioLost: placed > 0 && healthy === 0,
    singleReplica: placed > 1 && healthy === 1,
    primaryDown: healthy > 0 && v.primary !== undefined && down(v.primary),
    affected: healthy < placed,
  };
}

const CINDER_VOLUME = /^volume-([0-9a-f-]{36})$/i;
const IMAGE_VOLUME = /^image-([0-9a-f-]{36})$/i;

/** `volume-<cinder id>` (lightos.py's naming) → the Cinder id. */
export function cinderIdOf(lightbitsName: string): string | undefined {
  return CINDER_VOLUME.exec(lightbitsName)?.[1];
}

/** `image-<image id>` → the Glance image id. */
export function imageIdOf(lightbitsName: string): string | undefined {
  return IMAGE_VOLUME.exec(lightbitsName)?.[1];
}
