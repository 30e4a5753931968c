import type { AuditKey } from '../audit/key.js';
import type { AnyOperation, Precheck, Resolved } from './operation.js';
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
  const show = (field: string, given: unknown, r: Resolved) => {
    if (given !== r.id) shown.push(`${field} "${String(given)}" = ${r.id}`);
    else if (r.name && r.name !== r.id) shown.push(`${field} ${r.id} ("${r.name}")`);
  };
  for (const [field, r] of resolved) {
    const given = input[field];
    if (isList(r)) {
      const asked = Array.isArray(given) ? given : [];
      bound[field] = r.map((one) => one.id);
      names[field] = r.map((one) => one.name ?? one.id);
      r.forEach((one, i) => {
        show(field, asked[i], one);
      });
    } else {
      bound[field] = r.id;
      names[field] = r.name ?? r.id;
      show(field, given, r);
    }
  }
  const asked = op.preview ? op.preview(input) : op.title;
  return {
    input: bound,
    preview: shown.length ? `${asked} Resolved: ${shown.join('; ')}.` : asked,
    digest: requestDigest(key, op.name, bound),
    limitValues: { ...input, ...names, ...check?.effective },
  };
}

function isList(r: Resolved | readonly Resolved[]): r is readonly Resolved[] {
  return Array.isArray(r);
}
