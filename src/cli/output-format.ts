import { stringify } from 'yaml';
import { showControls } from '../core/cloud/names.js';
import { OpsError } from '../core/errors/ops-error.js';
import type { Format } from './format-options.js';

export interface OutputChoice {
  /** Undefined: the default for people, a summary line and the details as YAML. */
  format: Format | undefined;
  columns: string[];
}

/** A mistake in -f/-c: a usage error (exit 2), told in the flags' own words. */
const usage = (message: string) => new OpsError('VALIDATION.FAILED', message);

export function outputChoice(options: Record<string, unknown>): OutputChoice {
  const columns = (options['column'] as string[] | undefined) ?? [];
  const given = options['format'] as Format | undefined;
  if (options['json'] && given && given !== 'json') {
    throw usage(`--json means -f json; it cannot go with -f ${given}`);
  }
  const format = options['json'] ? 'json' : (given ?? (columns.length ? 'table' : undefined));
  return { format, columns };
}

/** Whether the answer is for a program (nothing but the formatted value on stdout, no progress lines). */
export function isMachineReadable(choice: OutputChoice): boolean {
  return choice.format !== undefined && choice.format !== 'table';
}

/**
 * Renders an operation's answer. A list verb's answer shows its rows (the one array of objects in it); anything
 * else shows as one object, field by field. Text from the cloud never reaches a terminal with control characters.
 */
export function renderOutput(choice: OutputChoice, summary: string, value: unknown, list: boolean): string {
  const rows = list ? rowsOf(value) : undefined;
  switch (choice.format) {
    case undefined:
      return `${showControls(summary)}\n${showControls(stringify(value, { lineWidth: 0 }), '\n')}`;
    case 'json':
      return `${JSON.stringify(choice.columns.length ? picked(choice.columns, value, rows) : value, null, 2)}\n`;
    case 'yaml':
      return showControls(
        stringify(choice.columns.length ? picked(choice.columns, value, rows) : value, { lineWidth: 0 }),
        '\n',
      );
    case 'value':
      return rows
        ? lines(
            rows.map((r) =>
              columnsOf(choice, r, rows)
                .map((c) => cell(fieldOf(r, c)))
                .join(' '),
            ),
          )
        : lines(columnsOf(choice, value).map((c) => cell(fieldOf(value, c))));
    case 'shell':
      if (rows) throw usage('-f shell shows one object; for a list use -f value, json or yaml');
      return lines(
        columnsOf(choice, value).map(
          (c) => `${c.replace(/[^A-Za-z0-9_]/g, '_')}=${shellQuote(cell(fieldOf(value, c)))}`,
        ),
      );
    case 'table':
      return rows
        ? table(
            columnsOf(choice, rows[0] ?? {}, rows),
            rows.map((r) => columnsOf(choice, r, rows).map((c) => cell(fieldOf(r, c)))),
          )
        : table(
            ['Field', 'Value'],
            columnsOf(choice, value).map((c) => [c, cell(fieldOf(value, c))]),
          );
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function rowsOf(value: unknown): Obj[] | undefined {
  if (!isObj(value)) return undefined;
  const arrays = Object.values(value).filter((v) => Array.isArray(v) && v.every(isObj));
  return arrays.length === 1 ? (arrays[0] as Obj[]) : undefined;
}

/** The columns to show: those asked for (each must exist), else every field (of a list, its scalar fields). */
function columnsOf(choice: OutputChoice, value: unknown, rows?: Obj[]): string[] {
  const all = rows
    ? [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => !isObj(r[k]) && !Array.isArray(r[k]))))]
    : isObj(value)
      ? Object.keys(value)
      : [];
  if (!choice.columns.length) return all;
  const known = rows ? [...new Set(rows.flatMap((r) => Object.keys(r)))] : all;
  for (const c of choice.columns) {
    const top = c.split('.')[0] as string;
    if (!known.includes(top) && (rows?.length ?? 1) > 0) {
      throw usage(`no column "${c}": the columns are ${known.join(', ') || '(none)'}`);
    }
  }
  return choice.columns;
}

function fieldOf(value: unknown, path: string): unknown {
  let v: unknown = value;
  for (const part of path.split('.')) v = isObj(v) ? v[part] : undefined;
  return v;
}

function picked(columns: string[], value: unknown, rows: Obj[] | undefined): unknown {
  const pick = (o: unknown, cols: string[]) => Object.fromEntries(cols.map((c) => [c, fieldOf(o, c) ?? null]));
  return rows
    ? rows.map((r) => pick(r, columnsOf({ format: 'json', columns }, r, rows)))
    : pick(value, columnsOf({ format: 'json', columns }, value));
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  return showControls(typeof v === 'object' ? JSON.stringify(v) : String(v));
}

function lines(items: string[]): string {
  return items.map((l) => `${l}\n`).join('');
}

function shellQuote(s: string): string {
  return `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

function table(head: string[], body: string[][]): string {
  if (!head.length) return '';
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return lines([rule, row(head), rule, ...body.map(row), rule]);
}
