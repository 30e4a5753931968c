import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../helpers/shared.js';
import type { Reply } from './client.js';
import type { Run } from './fixture-run.js';

export const SAMPLES = join(FIXTURES_DIR, 'openstack');
export const REAL = join(FIXTURES_DIR, 'openstack-real-zed');

export function readJsonFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

export interface SampleCase {
  /** api-ref response sample under fixtures/openstack/. */
  sample: string;
  /** The real Zed fixture of the same call (wins on conflicts). */
  real?: string;
  /** api-ref request sample this case sends (ids swapped for the emulator's). */
  request?: string;
  status: number;
  run(r: Run, request: Record<string, unknown>): Promise<Reply>;
  notServed?: Record<string, string>;
  freeForm?: string[];
}

/** Deep copy of a request sample with some fields replaced (`a.b.c` paths; `[0]` indexes arrays). */
export function withValues(request: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(request)) as Record<string, unknown>;
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.').map((k) => (/^\[\d+\]$/.test(k) ? Number(k.slice(1, -1)) : k));
    let cur: Record<string | number, unknown> = copy;
    for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
    cur[keys[keys.length - 1] as string | number] = value;
  }
  return copy;
}
