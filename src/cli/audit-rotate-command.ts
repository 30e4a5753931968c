import { type Command, Option } from 'commander';

/**
 * `blockops audit rotate-key --new-key-file <path>`: with the current key configured, records that the log goes
 * on with the new key. Then every blockops process must be restarted with the new key (README, "The audit key").
 */
export function addRotateKeyCommand(audit: Command): void {
  audit
    .command('rotate-key')
    .description(
      'Records, MACed by the current audit key, that the log continues with the key in --new-key-file. Stop blockops ' +
        'first; afterwards set BLOCKOPS_AUDIT_KEY(_FILE) to the new key, add the old one to ' +
        'BLOCKOPS_AUDIT_RETIRED_KEYS (for verify), and start again.',
    )
    .addOption(new Option('--new-key-file <path>', 'file holding the new key (e.g. `openssl rand -hex 32`)'))
    .action(async (opts: { newKeyFile?: string }, cmd: Command) => {
      const { rotateKey } = await import('./audit-rotate-run.js');
      await rotateKey(opts, cmd);
    });
}
