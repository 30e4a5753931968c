import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { OpsError } from '../errors/ops-error.js';
import { Policy } from './policy.js';
import { policySchema } from './schema.js';

/** The policy shipped in the repository (src/core/policy and dist/core/policy are both three levels down). */
export const DEFAULT_POLICY_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../policy.default.yaml');

export function loadPolicy(file: string | undefined, extraApprovers: string[] = []): Policy {
  const path = file ?? DEFAULT_POLICY_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new OpsError(
      'POLICY.INVALID',
      `Cannot read the policy file ${path} (BLOCKOPS_POLICY): ${(e as Error).message}`,
    );
  }
  return parsePolicy(text, path, extraApprovers);
}

export function parsePolicy(text: string, source: string, extraApprovers: string[] = []): Policy {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new OpsError('POLICY.INVALID', `The policy file ${source} is not valid YAML: ${(e as Error).message}`);
  }
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new OpsError('POLICY.INVALID', `The policy file ${source} is invalid: ${problems.join('; ')}`);
  }
  const policy = new Policy(parsed.data, extraApprovers);
  const unknownGroups = policy.referencedGroups().filter((g) => !(g in parsed.data.approver_groups));
  if (unknownGroups.length) {
    throw new OpsError(
      'POLICY.INVALID',
      `The policy file ${source} names approver groups it does not define: ${unknownGroups.join(', ')}. ` +
        'Add them under approver_groups.',
    );
  }
  return policy;
}
