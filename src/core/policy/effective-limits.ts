import { OpsError } from '../errors/ops-error.js';
import type { Services } from '../engine/services.js';
import { limitViolation } from './limits.js';

/**
 * Checks the policy's limits against the values an operation will really use: the size it picks when none is
 * given, the `auto` network, the default volume type. The gateway's first check sees only what the caller typed.
 */
export function assertWithinLimits(services: Services, opName: string, effective: Record<string, unknown>): void {
  const violation = limitViolation(services.policy.limitsFor(opName), effective);
  if (violation) throw new OpsError('POLICY.LIMIT', `${opName}: ${violation}.`);
}
