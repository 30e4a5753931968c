import { createWriteStream } from 'node:fs';
import { type Command, Option } from 'commander';
import { exportAudit } from '../core/audit/export.js';
import { verifyAuditChain } from '../core/audit/verify.js';
import { printError } from './output.js';
import { withApp } from './with-app.js';

/** `blockops audit verify` and `blockops audit export`: the tamper-evident log, checked and exported. */
export function addAuditCommands(program: Command): void {
  const audit = program.command('audit').summary('Verify or export the audit log');
  audit
    .command('verify')
    .description(
      'Checks the hash chain of the whole audit log and names the first record that was changed, removed or reordered.',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      process.exitCode = await withApp(cmd.optsWithGlobals(), async (app) => {
        const result = await verifyAuditChain(app.services.store);
        if (result.ok) {
          process.stdout.write(`audit log intact: ${result.count} record(s), hash chain verified\n`);
          return 0;
        }
        process.stderr.write(
          `blockops: AUDIT.TAMPERED: record ${result.firstBad.seq} is not what was written: ${result.firstBad.reason} ` +
            `(${result.count} record(s) checked before it)\n`,
        );
        return 1;
      });
    });
  audit
    .command('export')
    .description('Writes the audit log as JSON lines, oldest first.')
    .addOption(new Option('--file <path>', 'write to this file instead of stdout'))
    .action(async (opts: { file?: string }, cmd: Command) => {
      process.exitCode = await withApp(cmd.optsWithGlobals(), async (app) => {
        try {
          const out = opts.file ? createWriteStream(opts.file, { flags: 'wx' }) : process.stdout;
          await exportAudit(app.services.store, out);
          if (opts.file)
            await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
          return 0;
        } catch (e) {
          return printError(e, false);
        }
      });
    });
}
