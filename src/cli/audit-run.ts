import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { App } from '../app/app.js';
import { readAnchors } from '../core/audit/anchors.js';
import { exportAudit } from '../core/audit/export.js';
import { auditKeyFromText } from '../core/audit/key.js';
import { verifyAuditChain } from '../core/audit/verify.js';
import { printError } from './output.js';
import { describeVerified } from './verify-summary.js';
import { withApp } from './with-app.js';

/** `blockops audit verify` (loaded only when it runs): see audit-commands.ts. */
export async function verifyAuditLog(cmd: Command): Promise<void> {
  process.exitCode = await withApp(
    cmd.optsWithGlobals(),
    async (app) => {
      let anchors: Awaited<ReturnType<typeof readAnchors>>;
      let result: Awaited<ReturnType<typeof verifyAuditChain>>;
      try {
        anchors = app.anchorsFile ? await readAnchors(app.anchorsFile) : undefined;
        result = await verifyAuditChain(app.services.store, { keys: verifyKeys(app), anchors });
      } catch (e) {
        return printError(e, false);
      }
      if (result.ok) {
        process.stdout.write(`${describeVerified(result, app.anchorsFile, anchors !== undefined)}\n`);
        return 0;
      }
      process.stderr.write(
        `blockops: AUDIT.TAMPERED: record ${result.firstBad.seq} is not what was written: ${result.firstBad.reason} ` +
          `(${result.count} record(s) checked before it)\n`,
      );
      return 1;
    },
    { localDatabaseOnly: 'audit verify' },
  );
}

/** `blockops audit export`. */
export async function exportAuditLog(opts: { file?: string }, cmd: Command): Promise<void> {
  process.exitCode = await withApp(
    cmd.optsWithGlobals(),
    async (app) => {
      try {
        const out = opts.file ? createWriteStream(opts.file, { flags: 'wx' }) : process.stdout;
        await exportAudit(app.services.store, out);
        if (opts.file)
          await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
        return 0;
      } catch (e) {
        return printError(e, false);
      }
    },
    { localDatabaseOnly: 'audit export' },
  );
}

function verifyKeys(app: App) {
  return [app.services.auditKey, ...app.config.audit.retiredKeys.map(auditKeyFromText)];
}
