import type { Exchange } from './recorder.js';

/** JSON type names: null, array, object, string, number, boolean. */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Maps whose keys are data, not schema (metadata, extra specs, addresses by network name…). */
const FREE_FORM = new Set(['metadata', 'volume_image_metadata', 'extra_specs', 'addresses', 'properties', 'quota_set']);

/** The shape of one or more JSON values merged: their types, object keys, and array elements (all of them). */
interface Shape {
  types: Set<string>;
  keys: Map<string, Shape>;
  items?: Shape;
}

function shapeOf(values: unknown[], free: boolean): Shape {
  const shape: Shape = { types: new Set(), keys: new Map() };
  const fields = new Map<string, unknown[]>();
  const items: unknown[] = [];
  for (const v of values) {
    shape.types.add(typeOf(v));
    if (Array.isArray(v)) items.push(...v);
    else if (v && typeof v === 'object' && !free) {
      for (const [k, x] of Object.entries(v)) fields.set(k, [...(fields.get(k) ?? []), x]);
    }
  }
  for (const [k, xs] of fields) shape.keys.set(k, shapeOf(xs, FREE_FORM.has(k)));
  if (items.length) shape.items = shapeOf(items, free);
  return shape;
}

const types = (s: Shape) => [...s.types].sort().join('|');

function diffShapes(b: Shape, e: Shape, path: string): string[] {
  const at = path || '(body)';
  if (types(b) !== types(e)) return [`${at}: box has ${types(b)}, emulator has ${types(e)}`];
  const out: string[] = [];
  for (const k of b.keys.keys())
    if (!e.keys.has(k)) out.push(`${join(path, k)}: only the box has it (${types(b.keys.get(k) as Shape)})`);
  for (const k of e.keys.keys())
    if (!b.keys.has(k)) out.push(`${join(path, k)}: only the emulator has it (${types(e.keys.get(k) as Shape)})`);
  for (const [k, bs] of b.keys) {
    const es = e.keys.get(k);
    if (es) out.push(...diffShapes(bs, es, join(path, k)));
  }
  // An empty array on either side is data, not shape.
  if (b.items && e.items) out.push(...diffShapes(b.items, e.items, `${path}[]`));
  return out;
}

/**
 * Same keys and JSON types, recursively; the elements of an array are merged (every key any element has, every
 * type any element shows). One line per difference, naming the field path and what each side had.
 */
export function shapeDiff(box: unknown, emu: unknown): string[] {
  return diffShapes(shapeOf([box], false), shapeOf([emu], false), '');
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Where a URL goes in a target's cloud: the service and the path below the service's base URL. */
export type Locate = (url: URL) => { service: string; path: string } | undefined;

const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;

/** `service METHOD /path?query` with ids and the run's tag replaced, so both clouds' calls line up. */
export function exchangeKey(ex: Exchange, locate: Locate, runTag: string): string | undefined {
  const url = new URL(ex.url);
  const where = locate(url);
  if (!where) return undefined;
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
  const tidy = (s: string) => s.replaceAll(runTag, '{run}').replace(UUID, '{id}');
  return `${where.service} ${ex.method} ${tidy(where.path)}${query ? `?${tidy(query)}` : ''}`;
}

/** What one cloud answered to one call, by status: the last body (the settled state of a polled resource). */
interface Answer {
  json: unknown;
  /** Whether the answer carried a request id (x-openstack-request-id or x-compute-request-id). */
  requestId: boolean;
}

export type Grouped = Record<string, Map<number, Answer>>;

export function group(exchanges: Exchange[], locate: Locate, runTag: string): Grouped {
  const out: Grouped = {};
  for (const ex of exchanges) {
    const key = exchangeKey(ex, locate, runTag);
    if (!key) continue;
    out[key] ??= new Map();
    out[key].set(ex.status, { json: ex.json, requestId: ex.requestId !== undefined });
  }
  return out;
}

/** Every difference between the two clouds' answers to the same calls, one line each. */
export function compareRuns(
  box: Grouped,
  emu: Grouped,
): { differences: string[]; onlyBox: string[]; onlyEmu: string[] } {
  const differences: string[] = [];
  for (const [key, boxByStatus] of Object.entries(box)) {
    const emuByStatus = emu[key];
    if (!emuByStatus) continue;
    const bs = [...boxByStatus.keys()].sort().join(',');
    const es = [...emuByStatus.keys()].sort().join(',');
    if (bs !== es) differences.push(`${key}: box answered ${bs}, emulator ${es}`);
    for (const [status, b] of boxByStatus) {
      const e = emuByStatus.get(status);
      if (!e) continue;
      if (b.requestId !== e.requestId) {
        differences.push(
          `${key} → ${status}: request id header ${b.requestId ? 'only from the box' : 'only from the emulator'}`,
        );
      }
      if (b.json === undefined && e.json === undefined) continue;
      for (const d of shapeDiff(b.json, e.json)) differences.push(`${key} → ${status} ${d}`);
    }
  }
  return {
    differences,
    onlyBox: Object.keys(box).filter((k) => !emu[k]),
    onlyEmu: Object.keys(emu).filter((k) => !box[k]),
  };
}

/** blockops' own outputs per operation: the same fields and types whichever cloud answered. */
export function compareOutputs(box: Record<string, unknown[]>, emu: Record<string, unknown[]>): string[] {
  const out: string[] = [];
  for (const op of Object.keys(box)) {
    if (!emu[op]) out.push(`${op}: run on the box only`);
    else out.push(...shapeDiff(box[op], emu[op]).map((d) => `${op} output ${d}`));
  }
  return out;
}
