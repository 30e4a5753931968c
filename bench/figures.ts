import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shipped policy (bench runs from dist-bench/bench/, two levels below the repo root). */
export const REPO_POLICY = join(dirname(fileURLToPath(import.meta.url)), '../../policy.default.yaml');

/** Benchmarks print figures; nothing here asserts them (speed is not a unit test). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}

export function printFigures(title: string, figures: Figure[]): void {
  process.stdout.write(`\n${title}\n`);
  for (const f of figures) {
    const v = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
    process.stdout.write(`  ${f.name.padEnd(52)} ${v.padStart(10)} ${f.unit}${f.note ? `   (${f.note})` : ''}\n`);
  }
}
