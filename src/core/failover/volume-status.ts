import type { Volume } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { assessLightbitsVolume } from './assess.js';
import type { LightbitsContext } from './lightbits-side.js';
import type { FailoverVerdict, VolumeFailover } from './schema.js';
import { cinderView } from './target.js';

/** One volume's answer: the Cinder side always, the Lightbits side when configured and found. */
export function volumeStatus(cloud: Cloud, v: Volume, lb: LightbitsContext | undefined, now: Date): VolumeFailover {
  const cinder = cinderView(v);
  const where = cinderWhere(cinder);
  if (!lb) {
    return {
      cinder,
      lightbits: { status: 'not_configured', replicas: [], failed_nodes: [] },
      verdict: cinderVerdict(v.status),
      summary: `${where}; Lightbits is not configured, so replicas and the serving node were not checked`,
    };
  }
  const lookup = lb.volumes.get(v.id);
  if (!lookup) throw new Error(`no Lightbits lookup for volume ${v.id}`); // readLightbits looks up every volume
  const { project, name, found } = lookup;
  if (!found.ok) {
    return {
      cinder,
      lightbits: { status: 'error', project, name, replicas: [], failed_nodes: [], error: found.error },
      verdict: 'unknown',
      summary: `${where}; Lightbits did not answer for ${name} (${found.error.code})`,
    };
  }
  if (!found.value) {
    const otherType = v.volumeType !== undefined && v.volumeType !== cloud.volumeType;
    return {
      cinder,
      lightbits: { status: 'missing', project, name, replicas: [], failed_nodes: [] },
      verdict: otherType ? 'unknown' : 'down',
      summary: otherType
        ? `${where}; its type ${v.volumeType} may not be on Lightbits: there is no ${name} in project ${project}`
        : `${where}; Lightbits has no volume ${name} in project ${project}: nothing stores this volume's data`,
    };
  }
  const a = assessLightbitsVolume({
    volume: found.value,
    project,
    nodes: lb.nodes.ok ? lb.nodes.value : undefined,
    events: lb.events.ok ? lb.events.value : undefined,
    now,
  });
  if (cinderVerdict(v.status) === 'down') {
    return { cinder, lightbits: a.side, verdict: 'down', summary: `Cinder volume is ${v.status}; ${a.summary}` };
  }
  return { cinder, lightbits: a.side, verdict: a.verdict, summary: a.summary };
}

function cinderWhere(c: VolumeFailover['cinder']): string {
  const hosts = [...new Set(c.attachments.map((a) => a.compute_host).filter(Boolean))];
  const on = hosts.length ? ` on compute host ${hosts.join(', ')}` : '';
  return `Cinder volume is ${c.status}${on}${c.backend_host ? ` (backend ${c.backend_host})` : ''}`;
}

/** What Cinder's status alone says: an error status is down; otherwise Cinder cannot tell about replicas. */
function cinderVerdict(status: string): FailoverVerdict {
  return /^error/.test(status) ? 'down' : 'unknown';
}

const RANK: FailoverVerdict[] = ['down', 'degraded', 'unknown', 'healthy'];

/** The worst verdict: one volume not checked makes the whole answer no better than unknown. */
export function worst(verdicts: FailoverVerdict[]): FailoverVerdict {
  return RANK.find((r) => verdicts.includes(r)) ?? 'unknown';
}
