import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_POLICY_FILE } from '../../src/core/policy/load.js';

/**
 * A policy (YAML text or a document; by default policy.default.yaml) whose `approvers` group also lists `members`:
 * how a deployment on a real cloud names its approvers (BLOCKOPS_APPROVERS works on the built-in emulator only).
 */
export function withApprovers(
  members: string[],
  policy: string | Record<string, unknown> = readFileSync(DEFAULT_POLICY_FILE, 'utf8'),
): Record<string, unknown> {
  const doc = (typeof policy === 'string' ? parse(policy) : structuredClone(policy)) as {
    approver_groups?: Record<string, { members?: string[] }>;
  };
  const groups = doc.approver_groups ?? {};
  const approvers = groups['approvers'] ?? {};
  approvers.members = [...new Set([...(approvers.members ?? []), ...members])];
  return { ...doc, approver_groups: { ...groups, approvers } };
}
