import type { Command } from 'commander';
import { cliName } from '../core/engine/operation.js';
import { OpsError } from '../core/errors/ops-error.js';
import { cliWords, knowOperations } from './cli-words.js';
import type { VerbSpec } from './command-manifest.js';
import { addInputFlags, flagName } from './flags.js';
import { addFormatOptions } from './format-options.js';
import { mergePositional, positionalField } from './positional.js';
import { addWaitOptions } from './wait-option.js';

/**
 * One CLI verb per operation, generated from the registry's manifest: `blockops upload-image --source … --json`.
 * Only the verb that runs loads its operation.
 */
export function addOperationCommands(program: Command, verbs: readonly VerbSpec[]): void {
  knowOperations(verbs.map((v) => v.name));
  for (const verb of verbs) addOperationCommand(program.command(cliName(verb.name)), verb);
  // The openstack command's words for the same verbs: `blockops image show cirros`, `blockops server list`.
  for (const [noun, words] of Object.entries(OPENSTACK_WORDS)) {
    const group = program
      .command(noun)
      .summary(`${noun} ${Object.keys(words).join('|')}, as the openstack command says`);
    for (const [word, name] of Object.entries(words)) {
      const verb = verbs.find((v) => v.name === name);
      if (verb) addOperationCommand(group.command(word), verb);
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
function addOperationCommand(cmd: Command, verb: VerbSpec): void {
  cmd.summary(verb.title).description(cliWords(verb.description));
  const positional = positionalField(verb);
  if (positional) cmd.argument(`[${positional}]`, `same as --${flagName(positional)}`);
  addFormatOptions(cmd);
  if (verb.mayNeedApproval) addWaitOptions(cmd);
  addInputFlags(cmd, verb.fields);
  cmd.action(async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const options = command.opts();
    const clash = mergePositional(positional, positional ? (args[0] as string | undefined) : undefined, options);
    const { runVerb, printError } = await import('./run-verb.js');
    if (clash) {
      process.exitCode = printError(new OpsError('VALIDATION.FAILED', clash), false);
      return;
    }
    process.exitCode = await runVerb(verb, command.optsWithGlobals(), options);
  });
}
