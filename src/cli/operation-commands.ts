import type { Command } from 'commander';
import { type AnyOperation, cliName, mayNeedApproval, summaryOf } from '../core/engine/operation.js';
import { OpsError } from '../core/errors/ops-error.js';
import { cliWords, knowOperations } from './cli-words.js';
import { failedJobOf } from './failed-request.js';
import { addInputFlags, flagName, inputFromOptions } from './flags.js';
import { humanLine, printError } from './output.js';
import { addFormatOptions, isMachineReadable, outputChoice, renderOutput } from './output-format.js';
import { mergePositional, positionalField } from './positional.js';
import { progressPrinter } from './progress.js';
import type { RunOperation } from './remote.js';
import { TABLES } from './tables.js';
import { addWaitOptions, waitSecondsOf } from './wait-option.js';
import { withOperations } from './with-operations.js';

/** One CLI verb per operation, generated from the registry: `blockops upload-image --source … --json`. */
export function addOperationCommands(program: Command, operations: readonly AnyOperation[]): void {
  knowOperations(operations.map((op) => op.name));
  for (const op of operations) addOperationCommand(program.command(cliName(op.name)), op);
  // The openstack command's words for the same verbs: `blockops image show cirros`, `blockops server list`.
  for (const [noun, verbs] of Object.entries(OPENSTACK_WORDS)) {
    const group = program
      .command(noun)
      .summary(`${noun} ${Object.keys(verbs).join('|')}, as the openstack command says`);
    for (const [verb, name] of Object.entries(verbs)) {
      const op = operations.find((o) => o.name === name);
      if (op) addOperationCommand(group.command(verb), op);
    }
  }
}

const OPENSTACK_WORDS: Record<string, Record<string, string>> = {
  image: { list: 'list_images', show: 'get_image' },
  volume: { list: 'list_volumes', show: 'get_volume' },
  server: { list: 'list_servers' },
  request: { list: 'list_requests', show: 'get_request' },
};

/** One verb: its argument, output and wait options, input flags, and how it runs. */
function addOperationCommand(cmd: Command, op: AnyOperation): void {
  cmd.summary(op.title).description(cliWords(op.description));
  const positional = positionalField(op);
  if (positional) cmd.argument(`[${positional}]`, `same as --${flagName(positional)}`);
  addFormatOptions(cmd);
  if (mayNeedApproval(op)) addWaitOptions(cmd);
  addInputFlags(cmd, op);
  cmd.action(async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const options = command.opts();
    const clash = mergePositional(positional, positional ? (args[0] as string | undefined) : undefined, options);
    if (clash) {
      process.exitCode = printError(new OpsError('VALIDATION.FAILED', clash), false);
      return;
    }
    process.exitCode = await withOperations(command.optsWithGlobals(), (run) => printOperation(run, op, options));
  });
}

/** Runs one verb, on the database or through `blockops serve` alike, and prints the answer the same way. */
async function printOperation(run: RunOperation, op: AnyOperation, options: Record<string, unknown>): Promise<number> {
  try {
    const choice = outputChoice(options);
    const list = /^(list|query)_/.test(op.name);
    const print = (summary: string, value: unknown) => process.stdout.write(renderOutput(choice, summary, value, list));
    const result = await run(op.name, inputFromOptions(op, options), {
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
