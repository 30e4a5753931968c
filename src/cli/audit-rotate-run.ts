import type { Command } from 'commander';
import { ConfigError, problem } from '../config/errors.js';
import { readSecret } from '../config/secrets.js';
import { AUDIT_KEY_MIN_BYTES, auditKeyFromText } from '../core/audit/key.js';
import { rotateAuditKey } from '../core/audit/rotate.js';
import { localActor } from './identity.js';
import { printError } from './output.js';
import { withApp } from './with-app.js';

/** `blockops audit rotate-key` (loaded only when it runs): see audit-rotate-command.ts. */
export async function rotateKey(opts: { newKeyFile?: string }, cmd: Command): Promise<void> {
  process.exitCode = await withApp(
    cmd.optsWithGlobals(),
    async (app) => {
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
    },
    { localDatabaseOnly: 'audit rotate-key' },
  );
}
