import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { CaseRow } from './report.js';

/** vitest globalSetup: clears the report before the run, and prints it as a table after. */
export default function setup(): () => void {
  const file = process.env['BLOCKOPS_RELIABILITY_REPORT'] ?? '';
  rmSync(file, { force: true });
  return () => {
    if (!existsSync(file)) return;
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CaseRow);
    const held = rows.filter((r) => r.held).length;
    const width = Math.max(...rows.map((r) => `${r.suite} / ${r.case}`.length), 10);
    const lines = [
      '',
      'blockops reliability',
      `${'case'.padEnd(width)}  held  figures`,
      ...rows.map((r) => `${`${r.suite} / ${r.case}`.padEnd(width)}  ${r.held ? 'yes ' : 'NO  '}  ${r.figures ?? ''}`),
      `${rows.length} cases tried, ${held} held`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    rmSync(file, { force: true });
  };
}
