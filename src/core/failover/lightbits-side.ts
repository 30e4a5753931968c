import type { LightbitsEvent, LightbitsNode, LightbitsVolume } from '../../clients/lightbits/index.js';
import type { Volume } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { lightbitsProjectOf } from '../cloud/lightbits-project.js';
import { type Settled, settle } from '../health/settle.js';
import { fetchRecentEvents } from './events.js';

export interface LightbitsLookup {
  project: string;
  name: string;
  found: Settled<LightbitsVolume | undefined>;
}

export interface LightbitsContext {
  nodes: Settled<LightbitsNode[]>;
  /** Newest first. */
  events: Settled<LightbitsEvent[]>;
  /** By Cinder volume id. */
  volumes: Map<string, LightbitsLookup>;
}

/**
 * Everything Lightbits knows about these Cinder volumes, fetched at once: the nodes, the recent events, and each
 * volume `volume-<cinder id>` in the project of its volume type. Each lookup keeps its own failure.
 */
export async function readLightbits(cloud: Cloud, volumes: Volume[], now: Date): Promise<LightbitsContext | undefined> {
  const lb = cloud.lightbits;
  if (!lb) return undefined;
  const projects = new Map<string, Promise<string>>();
  const projectOf = (type: string | undefined) => {
    const key = type ?? '';
    let p = projects.get(key);
    if (!p) {
      p = lightbitsProjectOf(cloud, type).then((name) => name ?? lb.project);
      projects.set(key, p);
    }
    return p;
  };
  const lookups = volumes.map(async (v): Promise<[string, LightbitsLookup]> => {
    const project = await projectOf(v.volumeType);
    const name = `volume-${v.id}`;
    return [
      v.id,
      { project, name, found: await settle(`Lightbits volume ${name}`, () => lb.findVolumeByName(name, project)) },
    ];
  });
  const [nodes, events, found] = await Promise.all([
    settle('Lightbits nodes', () => lb.listNodes()),
    settle('Lightbits events', () => fetchRecentEvents(lb, now)),
    Promise.all(lookups),
  ]);
  return { nodes, events, volumes: new Map(found) };
}
