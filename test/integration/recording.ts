import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from './recorder.js';
import type { Target } from './target.js';

/** What a scenario run leaves for the differential check: every HTTP exchange, and blockops' outputs by operation. */
export interface Recording {
  target: Target;
  /** The tag in every name the run created (replaced by {run} when calls are lined up). */
  tag: string;
  exchanges: Exchange[];
  outputs: Record<string, unknown[]>;
}

/** BLOCKOPS_IT_DUMP=<dir>: writes each run's exchanges and outputs as JSON there, to read what each cloud said. */
export function dump(r: Recording): void {
  const dir = process.env['BLOCKOPS_IT_DUMP'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const body = { tag: r.tag, exchanges: r.exchanges, outputs: r.outputs };
  writeFileSync(join(dir, `${r.target.name}.json`), `${JSON.stringify(body, null, 2)}\n`);
}
