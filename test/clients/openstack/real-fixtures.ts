import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, hasShared } from '../../helpers/shared.js';

export const REAL_DIR = join(FIXTURES_DIR, 'openstack-real-zed');
export const UPSTREAM_DIR = join(FIXTURES_DIR, 'openstack');

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as captured, still JSON text (URLs not yet rewritten). */
  text: string;
}

let index: Map<string, { status: number; headers: Record<string, string> }> | undefined;

/** INDEX.md's table: file → status and headers of the captured response (first row wins for repeated files). */
function readIndex() {
  if (index) return index;
  index = new Map();
  for (const line of readFileSync(join(REAL_DIR, 'INDEX.md'), 'utf8').split('\n')) {
    const cells = line.split(' | ');
    if (cells.length < 4 || !cells[0]?.startsWith('| ')) continue;
    const file = cells[0].slice(2).trim();
    const status = Number(cells[2]);
    if (!Number.isInteger(status) || index.has(file)) continue;
    const headers = JSON.parse(cells.slice(3).join(' | ').replace(/ \|$/, '')) as Record<string, string>;
    index.set(file, { status, headers });
  }
  return index;
}

/** A response of the real Zed cloud, e.g. captured('image/image-show-404.json'). */
export function captured(file: string): CapturedResponse {
  if (!hasShared) throw new Error('captured() needs ../shared/fixtures');
  const entry = readIndex().get(file);
  if (!entry) throw new Error(`${file} is not in INDEX.md`);
  const headers = { ...entry.headers };
  delete headers['X-Subject-Token'];
  return { status: entry.status, headers, text: readFileSync(join(REAL_DIR, file), 'utf8') };
}

export function indexedFiles(): string[] {
  return [...readIndex().keys()];
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
