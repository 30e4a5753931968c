import type { AuditKey } from '../audit/key.js';
import type { AnyOperation, Precheck } from './operation.js';
import { requestDigest } from './request-digest.js';

/** A request as it will be approved and run: names replaced by the ids they resolved to, and its digest. */
export interface BoundRequest {
  input: Record<string, unknown>;
  /** The operation's own preview of what the caller asked, and what each name resolved to. */
  preview: string;
  digest: string;
  /** What the policy's limits judge: names as people write them in the policy, and the values left open. */
  limitValues: Record<string, unknown>;
}

export function bindRequest(
  op: AnyOperation,
  input: Record<string, unknown>,
  check: Precheck | undefined,
  key: AuditKey,
): BoundRequest {
  const resolved = Object.entries(check?.resolved ?? {});
  const bound = { ...input };
  const names: Record<string, unknown> = {};
  const shown: string[] = [];
  for (const [field, r] of resolved) {
    bound[field] = r.id;
    names[field] = r.name ?? r.id;
    const given = input[field];
    if (given !== r.id) shown.push(`${field} "${String(given)}" = ${r.id}`);
    else if (r.name && r.name !== r.id) shown.push(`${field} ${r.id} ("${r.name}")`);
  }
  const asked = op.preview ? op.preview(input) : op.title;
  return {
    input: bound,
    preview: shown.length ? `${asked} Resolved: ${shown.join('; ')}.` : asked,
    digest: requestDigest(key, op.name, bound),
    limitValues: { ...input, ...names, ...check?.effective },
  };
}
