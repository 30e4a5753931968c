import { type AnyOperation, summaryOf } from '../core/engine/operation.js';
import { loadOperation, type VerbSpec } from './command-manifest.js';
import { failedJobOf } from './failed-request.js';
import { inputFromOptions } from './flags.js';
import { humanLine, printError } from './output.js';
import { isMachineReadable, outputChoice, renderOutput } from './output-format.js';
import { progressPrinter } from './progress.js';
import type { RunOperation } from './remote.js';
import { TABLES } from './tables.js';
import { waitSecondsOf } from './wait-option.js';
import { withOperations } from './with-operations.js';

export { printError };

/** Runs one verb where it runs (on the database or through `blockops serve`) and prints its answer. */
export async function runVerb(
  verb: VerbSpec,
  flags: Record<string, unknown>,
  options: Record<string, unknown>,
): Promise<number> {
  let op: AnyOperation;
  let operations: readonly AnyOperation[];
  try {
    op = await loadOperation(verb);
    // Deciding a request runs the operation it asked for, whichever that is: those verbs load every operation.
    operations = verb.managesRequests ? (await import('../core/operations.js')).allOperations : [op];
  } catch (e) {
    return printError(e, false);
  }
  return withOperations(flags, (run) => printOperation(run, op, verb, options), operations);
}

/** Runs one verb, on the database or through `blockops serve` alike, and prints the answer the same way. */
async function printOperation(
  run: RunOperation,
  op: AnyOperation,
  verb: VerbSpec,
  options: Record<string, unknown>,
): Promise<number> {
  try {
    const choice = outputChoice(options);
    const list = /^(list|query)_/.test(op.name);
    const print = (summary: string, value: unknown) => process.stdout.write(renderOutput(choice, summary, value, list));
    const result = await run(op.name, inputFromOptions(verb.fields, options), {
      waitSeconds: waitSecondsOf(options['wait']),
      onProgress: isMachineReadable(choice) ? undefined : progressPrinter(),
    });
    if (result.status === 'pending_approval' && result.request.status !== 'pending_approval') {
      const r = result.request;
      print(
        `${r.request_id} is ${r.status}${r.progress ? `: ${r.progress.message}` : ''}. Follow it: blockops get-request ${r.request_id}`,
        r,
      );
      return 0;
    }
    if (result.status === 'pending_approval') {
      const r = result.request;
      print(
        `${r.request_id} is waiting for approval by ${r.approver_group} (${r.approvers.join(', ') || 'no members yet'}) ` +
          `until ${r.expires_at}. An approver runs: blockops approve-request ${r.request_id}`,
        r,
      );
      return 0;
    }
    // An operation with a table of its own shows it by default (for people); every -f/-c choice prints as usual.
    const own = choice.format === undefined && choice.columns.length === 0 ? TABLES[op.name] : undefined;
    const parsed = own ? op.output.safeParse(result.output) : undefined;
    if (own && parsed?.success) process.stdout.write(`${humanLine(summaryOf(op, result.output))}\n${own(parsed.data)}`);
    else print(summaryOf(op, result.output), result.output);
    const failed = op.managesRequests ? failedJobOf(result.output) : undefined;
    return failed ? printError(failed) : 0;
  } catch (e) {
    return printError(e);
  }
}
