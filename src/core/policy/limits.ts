import type { Limits } from './schema.js';

/** Checks an operation's input against the policy's limits; returns the first violation in words, or undefined. */
export function limitViolation(limits: Limits, input: Record<string, unknown>): string | undefined {
  const size = input['size_gb'];
  if (limits.max_size_gb !== undefined && typeof size === 'number' && size > limits.max_size_gb) {
    const shown = Number.isInteger(size) ? `${size}` : size.toFixed(1);
    return `size_gb ${shown} is over the policy's limit of ${limits.max_size_gb} GB`;
  }
  const count = input['count'];
  if (limits.max_count !== undefined && typeof count === 'number' && count > limits.max_count) {
    return `count ${count} is over the policy's limit of ${limits.max_count}`;
  }
  const checks: [keyof Limits, string][] = [
    ['allowed_volume_types', 'volume_type'],
    ['allowed_flavors', 'flavor'],
    ['allowed_networks', 'network'],
  ];
  for (const [limitKey, field] of checks) {
    const allowed = limits[limitKey] as string[] | undefined;
    const value = input[field];
    if (allowed?.length && typeof value === 'string' && !allowed.includes(value)) {
      return `${field} "${value}" is not allowed by the policy (allowed: ${allowed.join(', ')})`;
    }
  }
  return undefined;
}
