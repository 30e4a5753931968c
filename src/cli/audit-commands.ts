import { type Command, Option } from 'commander';
import { addRotateKeyCommand } from './audit-rotate-command.js';

/** `blockops audit verify`, `export` and `rotate-key`: the tamper-evident log, checked, exported, re-keyed. */
export function addAuditCommands(program: Command): void {
  const audit = program.command('audit').summary('Verify, export or re-key the audit log');
  audit
    .command('verify')
    .description(
      'Checks the MACs of the whole audit log (with BLOCKOPS_AUDIT_KEY and any BLOCKOPS_AUDIT_RETIRED_KEYS) and the ' +
        'anchors kept outside the database, and names the first record that was changed, removed, reordered or ' +
        'forged, or the records cut off the end.',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const { verifyAuditLog } = await import('./audit-run.js');
      await verifyAuditLog(cmd);
    });
  audit
    .command('export')
    .description('Writes the audit log as JSON lines, oldest first.')
    .addOption(new Option('--file <path>', 'write to this file instead of stdout'))
    .action(async (opts: { file?: string }, cmd: Command) => {
      const { exportAuditLog } = await import('./audit-run.js');
      await exportAuditLog(opts, cmd);
    });
  addRotateKeyCommand(audit);
}
