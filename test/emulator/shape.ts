/** JSON type names for shape comparison: null, array, object, string, number, boolean. */
export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function freeFormAt(path: string, freeForm: string[]): boolean {
  return freeForm.includes(path);
}

/**
 * Compares `actual` with a captured fixture: same key sets and JSON types, recursively; arrays by their first element;
 * `null` in the fixture matches only null. Paths listed in `freeForm` (user data maps such as extra_specs) only need
 * to be objects of strings. Returns one message per difference, naming the field path.
 */
export function shapeDiff(fixture: unknown, actual: unknown, freeForm: string[] = [], path = ''): string[] {
  const ft = typeOf(fixture);
  const at = typeOf(actual);
  if (ft !== at) return [`${path || '(root)'}: fixture has ${ft}, emulator has ${at}`];
  if (ft === 'object') {
    const f = fixture as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    if (freeFormAt(path, freeForm)) {
      return Object.entries(a)
        .filter(([, v]) => typeof v !== 'string')
        .map(([k]) => `${join(path, k)}: free-form map value is not a string`);
    }
    const out: string[] = [];
    for (const k of Object.keys(f)) if (!(k in a)) out.push(`${join(path, k)}: missing in emulator`);
    for (const k of Object.keys(a)) if (!(k in f)) out.push(`${join(path, k)}: not in fixture`);
    for (const k of Object.keys(f)) if (k in a) out.push(...shapeDiff(f[k], a[k], freeForm, join(path, k)));
    return out;
  }
  if (ft === 'array') {
    const f = fixture as unknown[];
    const a = actual as unknown[];
    if (f.length === 0) return [];
    if (a.length === 0) return [`${path}[]: fixture has elements, emulator has an empty array`];
    return shapeDiff(f[0], a[0], freeForm, `${path}[]`);
  }
  return [];
}

export interface UnionOptions {
  /** Sample paths not served at the microversion asked for, with the reason (checked: they must be absent). */
  notServed?: Record<string, string>;
  freeForm?: string[];
}

/**
 * api-ref samples (often newer microversions): every key the emulator returns must exist in the sample or the real
 * fixture with the same type (the real fixture wins on conflicts; null is fine wherever either document shows null); array
 * elements are checked against every variant the documents list (their objects merged). In reverse, every key of the
 * sample (arrays: of its first element) must be returned unless `notServed` says why not.
 */
export function unionDiff(sample: unknown, real: unknown, actual: unknown, opts: UnionOptions = {}): string[] {
  const out = walk(sample, real, actual, sample, opts, '');
  for (const p of Object.keys(opts.notServed ?? {})) {
    if (pathExists(actual, p)) out.push(`${p}: listed as not served but the emulator returns it`);
  }
  return out;
}

function walk(
  sample: unknown,
  real: unknown,
  actual: unknown,
  reverse: unknown,
  opts: UnionOptions,
  path: string,
): string[] {
  const at = typeOf(actual);
  if (at === 'null' && (real === null || sample === null)) return [];
  const expected = real !== undefined && real !== null ? real : sample;
  if (expected !== null && expected !== undefined && typeOf(expected) !== at) {
    const from = expected === real ? 'real fixture' : 'api-ref sample';
    return [`${path || '(root)'}: expected ${typeOf(expected)} (${from}), emulator has ${at}`];
  }
  if (real === null && at !== 'null' && sample === undefined) {
    return [`${path || '(root)'}: real fixture has null, emulator has ${at}`];
  }
  const out: string[] = [];
  if (at === 'object' && !(opts.freeForm ?? []).includes(path)) {
    const a = actual as Record<string, unknown>;
    const s = (typeOf(sample) === 'object' ? sample : {}) as Record<string, unknown>;
    const r = (typeOf(real) === 'object' ? real : undefined) as Record<string, unknown> | undefined;
    const rev = (typeOf(reverse) === 'object' ? reverse : {}) as Record<string, unknown>;
    for (const k of Object.keys(a)) {
      const p = join(path, k);
      if (!(k in s) && !(r && k in r))
        out.push(`${p}: returned by the emulator but in neither the api-ref sample nor the real fixture`);
      else out.push(...walk(s[k], r?.[k], a[k], rev[k], opts, p));
    }
    for (const k of Object.keys(rev)) {
      const p = join(path, k);
      if (!(k in a) && !opts.notServed?.[p])
        out.push(`${p}: in the api-ref sample but not returned (list it in notServed with a reason)`);
    }
  }
  if (at === 'array') {
    const a = actual as unknown[];
    const s = Array.isArray(sample) && sample.length > 0 ? mergeElements(sample) : undefined;
    const r = Array.isArray(real) && real.length > 0 ? mergeElements(real) : undefined;
    const rev = Array.isArray(reverse) ? reverse[0] : undefined;
    if (s !== undefined || r !== undefined) {
      a.slice(0, 50).forEach((item, i) => {
        out.push(...walk(s, r, item, i === 0 ? rev : undefined, opts, `${path}[]`));
      });
    }
  }
  return out;
}

/** Arrays in samples list several variants of one thing: their objects merged give every key any of them has. */
function mergeElements(items: unknown[]): unknown {
  if (!items.every((i) => typeOf(i) === 'object')) return items[0];
  const merged: Record<string, unknown> = {};
  for (const item of items as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(item)) {
      if (!(k in merged) || v === null) merged[k] = v;
    }
  }
  return merged;
}

function pathExists(v: unknown, path: string): boolean {
  let cur: unknown[] = [v];
  for (const seg of path.split('.')) {
    const isArr = seg.endsWith('[]');
    const key = isArr ? seg.slice(0, -2) : seg;
    cur = cur.flatMap((c) => {
      if (typeOf(c) !== 'object' || !(key in (c as Record<string, unknown>))) return [];
      const next = (c as Record<string, unknown>)[key];
      return isArr ? (Array.isArray(next) ? next.slice(0, 1) : []) : [next];
    });
  }
  return cur.length > 0;
}
