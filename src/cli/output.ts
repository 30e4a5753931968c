import { showControls } from '../core/cloud/names.js';
import { isUsageError } from '../core/errors/codes.js';
import { isOpsError } from '../core/errors/ops-error.js';
import { toOpsError } from '../core/errors/to-ops-error.js';
import { cliWords } from './cli-words.js';
import { renderOutput } from './output-format.js';

/** `--json`: the object alone on stdout. Otherwise a summary line and the details as YAML, for people. */
export function printResult(json: boolean, summary: string, value: unknown): void {
  process.stdout.write(renderOutput({ format: json ? 'json' : undefined, columns: [] }, summary, value, false));
}

/** One line of text for a person's terminal: every control character, newlines too, shown as its escape. */
export function humanLine(text: string): string {
  return showControls(text);
}

/** Errors go to stderr with their stable code; the exit code says what kind of failure it was. */
export function printError(e: unknown, flagStyle = true): number {
  const err = toOpsError(e);
  let message = err.message;
  // Field names in validation errors become the flags a CLI user types.
  if (flagStyle && err.code === 'VALIDATION.FAILED') {
    message = message.replace(
      /(^|; |: )([a-z][a-z0-9_]*)(?=: )/g,
      (_, pre: string, f: string) => `${pre}--${f.replace(/_/g, '-')}`,
    );
  }
  process.stderr.write(`blockops: ${err.code}: ${humanLine(cliWords(message))}\n`);
  const leftovers = err.details?.['leftovers'];
  if (Array.isArray(leftovers) && leftovers.length) {
    process.stderr.write(`left behind: ${humanLine(JSON.stringify(leftovers))}\n`);
  }
  if (!isOpsError(e) && process.env['BLOCKOPS_DEBUG'] && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return isUsageError(err.code) ? 2 : 1;
}
