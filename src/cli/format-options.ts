import { type Command, InvalidArgumentError, Option } from 'commander';

/** python-openstackclient's output formatters: `-f table|json|yaml|value|shell` and `-c COLUMN` (repeatable). */
export const FORMATS = ['table', 'json', 'yaml', 'value', 'shell'] as const;
export type Format = (typeof FORMATS)[number];

/** The -f/-c/--json options every verb has; rendering is in output-format.ts, loaded only when a verb prints. */
export function addFormatOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('-f, --format <format>', 'output format (default: a summary line, then the details as YAML)').choices(
        FORMATS,
      ),
    )
    .addOption(
      new Option('-c, --column <column>', 'show only this column or field (repeatable; a.b for a nested field)')
        .argParser(collect)
        .default(undefined),
    )
    .addOption(new Option('--json', 'same as -f json: the result as JSON on stdout and nothing else'));
}

function collect(value: string, previous: string[] | undefined): string[] {
  if (!value.trim()) throw new InvalidArgumentError('-c takes a column name');
  return [...(previous ?? []), value];
}
