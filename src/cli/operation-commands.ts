import { type Command, InvalidArgumentError, Option } from 'commander';
import { type AnyOperation, cliName, mayNeedApproval, summaryOf } from '../core/engine/operation.js';
import { failedJobOf } from './failed-request.js';
import { addInputFlags, inputFromOptions } from './flags.js';
import { humanLine, printError, printResult } from './output.js';
import type { RunOperation } from './remote.js';
import { TABLES } from './tables.js';
import { withOperations } from './with-operations.js';

/** One CLI verb per operation, generated from the registry: `blockops upload-image --source … --json`. */
export function addOperationCommands(program: Command, operations: readonly AnyOperation[]): void {
  for (const op of operations) {
    const cmd = program
      .command(cliName(op.name))
      .summary(op.title)
      .description(op.description)
      .addOption(new Option('--json', 'print the result as JSON on stdout and nothing else'));
    if (mayNeedApproval(op)) {
      cmd.addOption(
        new Option(
          '--wait <seconds>',
          'when approval is needed, wait this long for it (default: return at once)',
        ).argParser(waitSeconds),
      );
    }
    addInputFlags(cmd, op);
    cmd.action(async (options: Record<string, unknown>, command: Command) => {
      process.exitCode = await withOperations(command.optsWithGlobals(), (run) => printOperation(run, op, options));
    });
  }
}

/** Runs one verb, on the database or through `blockops serve` alike, and prints the answer the same way. */
async function printOperation(run: RunOperation, op: AnyOperation, options: Record<string, unknown>): Promise<number> {
  const json = Boolean(options['json']);
  try {
    const result = await run(op.name, inputFromOptions(op, options), {
      waitSeconds: typeof options['wait'] === 'number' ? options['wait'] : 0,
      onProgress: json ? undefined : (p) => process.stderr.write(`… ${humanLine(p.message)}\n`),
    });
    if (result.status === 'pending_approval' && result.request.status !== 'pending_approval') {
      const r = result.request;
      printResult(
        json,
        `${r.request_id} is ${r.status}${r.progress ? `: ${r.progress.message}` : ''}. Follow it: blockops get-request --request-id ${r.request_id}`,
        r,
      );
      return 0;
    }
    if (result.status === 'pending_approval') {
      const r = result.request;
      printResult(
        json,
        `${r.request_id} is waiting for approval by ${r.approver_group} (${r.approvers.join(', ') || 'no members yet'}) ` +
          `until ${r.expires_at}. An approver runs: blockops approve-request --request-id ${r.request_id}`,
        r,
      );
      return 0;
    }
    const own = json ? undefined : TABLES[op.name];
    const parsed = own ? op.output.safeParse(result.output) : undefined;
    if (own && parsed?.success) process.stdout.write(`${humanLine(summaryOf(op, result.output))}\n${own(parsed.data)}`);
    else printResult(json, summaryOf(op, result.output), result.output);
    const failed = op.managesRequests ? failedJobOf(result.output) : undefined;
    return failed ? printError(failed) : 0;
  } catch (e) {
    return printError(e);
  }
}

function waitSeconds(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 3600) {
    throw new InvalidArgumentError(`--wait takes seconds from 0 to 3600, not "${v}"`);
  }
  return n;
}
