import type { Exchange } from './recorder.js';

/** JSON type names: null, array, object, string, number, boolean. */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Maps whose keys are data, not schema (metadata, extra specs, addresses by network name…). */
const FREE_FORM = new Set(['metadata', 'volume_image_metadata', 'extra_specs', 'addresses', 'properties', 'quota_set']);

/**
 * Same keys and JSON types, recursively (arrays by their first element; an empty array on either side is data, not
 * shape). One line per difference, naming the field path and what each side had.
 */
export function shapeDiff(box: unknown, emu: unknown, path = ''): string[] {
  const bt = typeOf(box);
  const et = typeOf(emu);
  const at = path || '(body)';
  if (bt !== et) return [`${at}: box has ${bt}, emulator has ${et}`];
  if (bt === 'array') {
    const [b] = box as unknown[];
    const [e] = emu as unknown[];
    return b === undefined || e === undefined ? [] : shapeDiff(b, e, `${path}[]`);
  }
  if (bt !== 'object') return [];
  const b = box as Record<string, unknown>;
  const e = emu as Record<string, unknown>;
  if (FREE_FORM.has(path.split('.').at(-1)?.replace('[]', '') ?? '')) return [];
  const out: string[] = [];
  for (const k of Object.keys(b)) if (!(k in e)) out.push(`${join(path, k)}: only the box has it (${typeOf(b[k])})`);
  for (const k of Object.keys(e)) if (!(k in b)) out.push(`${join(path, k)}: only the emulator has it (${typeOf(e[k])})`);
  for (const k of Object.keys(b)) if (k in e) out.push(...shapeDiff(b[k], e[k], join(path, k)));
  return out;
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

export interface Grouped {
  /** key → status → the last JSON body seen with that status (the settled state of a polled resource). */
  [key: string]: Map<number, unknown>;
}

export function group(exchanges: Exchange[], locate: Locate, runTag: string): Grouped {
  const out: Grouped = {};
  for (const ex of exchanges) {
    const key = exchangeKey(ex, locate, runTag);
    if (!key) continue;
    out[key] ??= new Map();
    out[key].set(ex.status, ex.json);
  }
  return out;
}

/** Every difference between the two clouds' answers to the same calls, one line each. */
export function compareRuns(box: Grouped, emu: Grouped): { differences: string[]; onlyBox: string[]; onlyEmu: string[] } {
  const differences: string[] = [];
  for (const [key, boxByStatus] of Object.entries(box)) {
    const emuByStatus = emu[key];
    if (!emuByStatus) continue;
    const bs = [...boxByStatus.keys()].sort().join(',');
    const es = [...emuByStatus.keys()].sort().join(',');
    if (bs !== es) differences.push(`${key}: box answered ${bs}, emulator ${es}`);
    for (const [status, body] of boxByStatus) {
      if (!emuByStatus.has(status) || body === undefined) continue;
      for (const d of shapeDiff(body, emuByStatus.get(status))) differences.push(`${key} → ${status} ${d}`);
    }
  }
  return {
    differences,
    onlyBox: Object.keys(box).filter((k) => !emu[k]),
    onlyEmu: Object.keys(emu).filter((k) => !box[k]),
  };
}
