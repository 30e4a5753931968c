import { type Command, Option } from 'commander';
import { ConfigError, problem } from '../config/errors.js';
import { readSecret } from '../config/secrets.js';
import { AUDIT_KEY_MIN_BYTES, auditKeyFromText } from '../core/audit/key.js';
import { rotateAuditKey } from '../core/audit/rotate.js';
import { localActor } from './identity.js';
import { printError } from './output.js';
import { withApp } from './with-app.js';

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
      process.exitCode = await withApp(cmd.optsWithGlobals(), async (app) => {
        try {
          if (!opts.newKeyFile) {
            throw new ConfigError([
              problem('--new-key-file', '--new-key-file is required: the file holding the new audit key.'),
            ]);
          }
          const source = { kind: 'flag', name: 'new-key-file' } as const;
          const text = await readSecret({ via: 'file', text: opts.newKeyFile, source }, process.cwd(), process.env);
          if (Buffer.byteLength(text) < AUDIT_KEY_MIN_BYTES) {
            throw new ConfigError([
              problem(
                '--new-key-file',
                `--new-key-file: the key must be at least ${AUDIT_KEY_MIN_BYTES} bytes (make one with \`openssl rand -hex 32\`)`,
              ),
            ]);
          }
          const next = auditKeyFromText(text);
          const entry = await rotateAuditKey(app.services.store, app.services.auditKey, next, localActor());
          process.stdout.write(
            `audit key rotated at seq ${entry.seq}: ${app.services.auditKey.id} → ${next.id}. Now set ` +
              'BLOCKOPS_AUDIT_KEY (or _FILE, _COMMAND) to the new key, add the old one to ' +
              'BLOCKOPS_AUDIT_RETIRED_KEYS, and restart every blockops process.\n',
          );
          return 0;
        } catch (e) {
          return printError(e, false);
        }
      });
    });
}
