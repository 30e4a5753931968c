import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shipped policy (bench runs from dist-bench/bench/, two levels below the repo root). */
export const REPO_POLICY = join(dirname(fileURLToPath(import.meta.url)), '../../policy.default.yaml');

export const MiB = 2 ** 20;

/**
 * One line of the table: our figure next to its peer (or floor) measured in the same run, their ratio and the
 * target. Benchmarks print rows; nothing here asserts them (speed is not a unit test).
 */
export interface Row {
  /** P1…P8, as in issue 17. */
  id: string;
  what: string;
  ours: string;
  /** The peer or floor, as measured; '—' when the figure has none (then the target is absolute). */
  peer: string;
  /** ours ÷ peer for times, ours ÷ peer for rates too: the target says which way is good. */
  ratio: number | undefined;
  target: string;
  holds: boolean;
}

export interface Bench {
  id: string;
  title: string;
  run(quick: boolean): Promise<Row[]>;
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

/**
 * Runs A and B alternately (A B A B …) `rounds` times after one untimed warm-up of each, and returns the medians
 * of what each returned: on a shared machine both see the same load, so their ratio means something.
 */
export async function interleave(
  rounds: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
  opts: { warmup?: boolean } = {},
): Promise<{ a: number; b: number; as: number[]; bs: number[] }> {
  if (opts.warmup ?? true) {
    await a();
    await b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return { a: median(as), b: median(bs), as, bs };
}

/** Milliseconds of an async call. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

export function rate(value: number, unit: string): string {
  return `${value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1)} ${unit}`;
}

/** A time row: ours and the peer in ms, lower is better, holding when ours ≤ limit × peer. */
export function timeRow(id: string, what: string, oursMs: number, peerMs: number, limit: number, note = ''): Row {
  const ratio = oursMs / peerMs;
  return {
    id,
    what,
    ours: ms(oursMs),
    peer: `${ms(peerMs)}${note ? ` ${note}` : ''}`,
    ratio,
    target: `≤ ${limit}×`,
    holds: ratio <= limit,
  };
}

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

export function printTable(rows: Row[]): void {
  const widths = { id: 3, what: 54, ours: 16, peer: 30, ratio: 8, target: 16 };
  const line = (cols: string[]) => `${cols.join(' │ ')}\n`;
  process.stdout.write(
    line([
      cell('#', widths.id),
      cell('figure', widths.what),
      cell('ours', widths.ours),
      cell('peer / floor (same run)', widths.peer),
      cell('ratio', widths.ratio),
      cell('target', widths.target),
      'holds?',
    ]),
  );
  for (const r of rows) {
    process.stdout.write(
      line([
        cell(r.id, widths.id),
        cell(r.what, widths.what),
        cell(r.ours, widths.ours),
        cell(r.peer, widths.peer),
        cell(r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`, widths.ratio),
        cell(r.target, widths.target),
        r.holds ? 'yes' : 'NO',
      ]),
    );
  }
}

export function loadLine(): string {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen}`;
}

/** A figure with no peer (memory per MCP session, say), printed by the stand-alone benchmarks. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function printFigures(title: string, figures: Figure[]): void {
  process.stdout.write(`\n${title}\n`);
  for (const f of figures) {
    const v = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
    process.stdout.write(`  ${f.name.padEnd(52)} ${v.padStart(10)} ${f.unit}${f.note ? `   (${f.note})` : ''}\n`);
  }
}
