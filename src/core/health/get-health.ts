import type { Cloud } from '../cloud/cloud.js';
import { checkLightbits } from './lightbits-check.js';
import { checkCinder, checkGlance, checkNova } from './openstack-checks.js';
import type { HealthOutput } from './schema.js';
import { healthVerdict } from './verdict.js';

export { type HealthOutput, healthOutput } from './schema.js';

export interface HealthOptions {
  /** Per check; a check that takes longer is reported as not answering. */
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * The cloud's storage path in one answer: Lightbits (cluster, nodes, capacity, volume protection), Cinder and Nova
 * services, Glance. The checks run at once, each with its own failure captured, so one service down hides nothing.
 */
export async function getHealth(cloud: Cloud, opts: HealthOptions = {}): Promise<HealthOutput> {
  const t = opts.timeoutMs;
  const [lightbits, cinder, nova, glance] = await Promise.all([
    checkLightbits(cloud.lightbits, t),
    checkCinder(cloud.openstack, t),
    checkNova(cloud.openstack, t),
    checkGlance(cloud.openstack, t),
  ]);
  const { verdict, reasons } = healthVerdict({ lightbits, cinder, nova, glance });
  return {
    verdict,
    reasons,
    checked_at: (opts.now?.() ?? new Date()).toISOString(),
    emulated: cloud.emulated,
    lightbits,
    cinder,
    nova,
    glance,
  };
}

/** One line: the verdict and the worst reasons. */
export function summarizeHealth(o: HealthOutput): string {
  const lb = o.lightbits.status === 'not_configured' ? ' (Lightbits not configured)' : '';
  if (o.reasons.length === 0)
    return `healthy${lb}: Lightbits, Cinder, Nova and Glance all answer and report no problem.`;
  const shown = o.reasons.slice(0, 3).join('; ');
  const more = o.reasons.length > 3 ? `; and ${o.reasons.length - 3} more` : '';
  return `${o.verdict}${lb}: ${shown}${more}.`;
}
