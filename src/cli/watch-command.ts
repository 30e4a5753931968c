import { type Command, Option } from 'commander';

/**
 * `blockops watch`: the on-call watcher in a terminal. Prints each cycle's transitions and every incident that
 * opens, changes or resolves, until Ctrl-C. It takes part in the store's lease like `blockops serve`, so with a
 * serve running on the same store it only watches, and without one it keeps the incidents itself.
 */
export function addWatchCommand(program: Command): void {
  program
    .command('watch')
    .summary('Watch Lightbits, Cinder and Nova for failures and print transitions and incidents as they happen')
    .addOption(new Option('--interval <seconds>', 'poll interval (default BLOCKOPS_WATCH_INTERVAL, or 10)'))
    .addOption(new Option('--json', 'one JSON object per line'))
    .action(async (opts: { interval?: string; json?: boolean }, cmd: Command) => {
      const { runWatch } = await import('./watch-run.js');
      await runWatch(opts, cmd);
    });
}
