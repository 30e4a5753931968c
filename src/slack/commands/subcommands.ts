import type { AnyOperation } from '../../core/engine/operation.js';
import type { Registry } from '../../core/engine/registry.js';
import { inputFields } from './fields.js';

/** Short names people type after `/blockops`, the operation each runs, and the field a bare first argument fills. */
const SHORT_NAMES: { name: string; op: string; main?: string }[] = [
  { name: 'images', op: 'list_images', main: 'name' },
  { name: 'upload', op: 'upload_image', main: 'source' },
  { name: 'verify', op: 'verify_image', main: 'image' },
  { name: 'clone', op: 'clone_image', main: 'image' },
  { name: 'boot', op: 'boot_server', main: 'volume' },
  { name: 'launch', op: 'launch_server', main: 'image' },
  { name: 'health', op: 'get_health' },
  { name: 'failover', op: 'get_failover_status', main: 'server' },
  { name: 'incidents', op: 'list_incidents', main: 'status' },
  { name: 'incident', op: 'get_incident', main: 'id' },
  { name: 'blast-radius', op: 'get_blast_radius', main: 'nodes' },
  { name: 'requests', op: 'list_requests', main: 'status' },
  { name: 'approve', op: 'approve_request', main: 'request_id' },
  { name: 'deny', op: 'deny_request', main: 'request_id' },
  { name: 'audit', op: 'query_audit', main: 'resource' },
];

export interface Subcommand {
  name: string;
  op: AnyOperation;
  /** The field a bare first positional argument fills, when there is a natural one. */
  main: string | undefined;
}

/**
 * The subcommands of `/blockops`, generated from the registry: the short names above for the operations people
 * use most, then every other operation under its kebab-case name (get-image, list-servers, cancel-request, …).
 */
export function subcommands(registry: Registry): Subcommand[] {
  let subs = CACHE.get(registry);
  if (!subs) {
    subs = build(registry);
    CACHE.set(registry, subs);
  }
  return subs;
}

const CACHE = new WeakMap<Registry, Subcommand[]>();

function build(registry: Registry): Subcommand[] {
  const out: Subcommand[] = [];
  const taken = new Set<string>();
  for (const s of SHORT_NAMES) {
    const op = registry.find(s.op);
    if (!op) continue;
    out.push({ name: s.name, op, main: s.main });
    taken.add(op.name);
  }
  for (const op of registry.all()) {
    if (taken.has(op.name)) continue;
    out.push({ name: op.name.replace(/_/g, '-'), op, main: naturalMain(op) });
  }
  return out;
}

export function findSubcommand(registry: Registry, name: string): Subcommand | undefined {
  const wanted = name.toLowerCase();
  return subcommands(registry).find((s) => s.name === wanted || s.op.name === wanted.replace(/-/g, '_'));
}

/** For operations without a short name: their only required field, if exactly one. */
function naturalMain(op: AnyOperation): string | undefined {
  const required = inputFields(op).filter((f) => f.required);
  return required.length === 1 ? required[0]?.name : undefined;
}
