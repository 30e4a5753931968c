import type { Progress } from '../core/engine/operation.js';
import { humanLine } from './output.js';

const WIDTH = 30;

/**
 * Where progress goes: on a terminal, one bar redrawn in place while the operation says how far it is; anywhere
 * else (a log, a pipe), the current line as text, one per update.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  let barShown = false;
  return (p) => {
    const text = humanLine(p.message);
    if (!stream.isTTY) {
      stream.write(`… ${text}\n`);
      return;
    }
    if (p.fraction === undefined) {
      stream.write(`${barShown ? '\n' : ''}… ${text}\n`);
      barShown = false;
      return;
    }
    const f = Math.min(1, Math.max(0, p.fraction));
    const filled = Math.round(f * WIDTH);
    const columns = stream.columns ?? 80;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${text}`;
    stream.write(`\r${line.slice(0, Math.max(WIDTH + 6, columns - 1)).padEnd(Math.max(0, columns - 1))}`);
    barShown = f < 1;
    if (!barShown) stream.write('\n');
  };
}
