import { type Command, InvalidArgumentError, Option } from 'commander';

/** The longest a command waits for an approval and the run that follows. */
export const MAX_WAIT_SECONDS = 3600;

/** `--wait [seconds]` / `--no-wait`, as in the openstack command: wait for the outcome, or return at once. */
export function addWaitOptions(cmd: Command): void {
  cmd.addOption(
    new Option(
      '--wait [seconds]',
      `when approval is needed, wait for it and for the run (up to ${MAX_WAIT_SECONDS} s, or the seconds given)`,
    ).argParser(waitSeconds),
  );
  cmd.addOption(new Option('--no-wait', 'return at once with the pending request (the default)'));
}

/** The seconds to wait: `--wait` alone waits the longest, `--no-wait` (or nothing) not at all. */
export function waitSecondsOf(value: unknown): number {
  if (value === true) return MAX_WAIT_SECONDS;
  return typeof value === 'number' ? value : 0;
}

function waitSeconds(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > MAX_WAIT_SECONDS) {
    throw new InvalidArgumentError(`--wait takes seconds from 0 to ${MAX_WAIT_SECONDS}, not "${v}"`);
  }
  return n;
}
