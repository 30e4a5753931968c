import { httpError } from './respond.js';

export interface SortKey {
  key: string;
  dir: 'asc' | 'desc';
}

/** `sort=created_at:desc,name` or `sort_key`/`sort_dir` (repeatable), defaulting to created_at then id, descending. */
export function parseSort(query: URLSearchParams, defaults: SortKey[]): SortKey[] {
  const out: SortKey[] = [];
  const sort = query.get('sort');
  if (sort) {
    for (const part of sort.split(',')) {
      const [key, dir] = part.split(':');
      if (!key) continue;
      out.push({ key: key.trim(), dir: dir?.trim() === 'asc' ? 'asc' : 'desc' });
    }
  } else {
    const keys = query.getAll('sort_key');
    const dirs = query.getAll('sort_dir');
    keys.forEach((key, i) => {
      out.push({ key, dir: (dirs[i] ?? dirs[0] ?? 'desc') === 'asc' ? 'asc' : 'desc' });
    });
  }
  for (const d of defaults) if (!out.some((s) => s.key === d.key)) out.push(d);
  return out;
}

export function compareBy<T>(sort: SortKey[], field: (item: T, key: string) => unknown): (a: T, b: T) => number {
  return (a, b) => {
    for (const s of sort) {
      const x = field(a, s.key);
      const y = field(b, s.key);
      let c = 0;
      if (x === y) c = 0;
      else if (x === null || x === undefined) c = -1;
      else if (y === null || y === undefined) c = 1;
      else if (x instanceof Date && y instanceof Date) c = x.getTime() - y.getTime();
      else if (typeof x === 'number' && typeof y === 'number') c = x - y;
      else c = String(x) < String(y) ? -1 : 1;
      if (c !== 0) return s.dir === 'asc' ? c : -c;
    }
    return 0;
  };
}

/** Parses `limit` (a non-negative integer) and caps it at `max`; absent → `max` (or `fallback`). */
export function parseLimit(query: URLSearchParams, max: number, fallback = max): number {
  const raw = query.get('limit');
  if (raw === null) return Math.min(fallback, max);
  if (!/^\d+$/.test(raw)) throw httpError(400, 'limit param must be an integer');
  return Math.min(Number.parseInt(raw, 10), max);
}

/** The page after `marker` (an id); an unknown marker is a 400 with the service's message. */
export function pageAfter<T extends { id: string }>(
  items: T[],
  marker: string | null,
  limit: number,
  notFound: (marker: string) => string,
): T[] {
  let start = 0;
  if (marker) {
    const i = items.findIndex((x) => x.id === marker);
    if (i < 0) throw httpError(400, notFound(marker));
    start = i + 1;
  }
  return items.slice(start, start + limit);
}

/** The query string of the next page: the request's own parameters with `marker` replaced. */
export function nextQuery(query: URLSearchParams, marker: string): string {
  const q = new URLSearchParams(query);
  q.delete('marker');
  q.set('marker', marker);
  return q.toString();
}
