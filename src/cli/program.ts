import { Command, Option } from 'commander';
import { addAuditCommands } from './audit-commands.js';
import { type CommandManifest, readManifest } from './command-manifest.js';
import { addCompletionCommand } from './completion-command.js';
import { addDoctorCommand } from './doctor-command.js';
import { addGlobalOptions } from './global-options.js';
import { addMcpCommand } from './mcp-command.js';
import { addOperationCommands } from './operation-commands.js';
import { addServeCommand } from './serve-command.js';
import { addSimCommand } from './sim-command.js';
import { addWatchCommand } from './watch-command.js';

/** The whole command tree; the operation verbs come from the build's manifest, so building it loads no operation. */
export function buildProgram(manifest: CommandManifest = readManifest()): Command {
  const program = new Command('blockops')
    .description(
      'Operations for OpenStack clouds whose images and VM disks live on Lightbits NVMe/TCP storage.\n' +
        'With no cloud configured (OS_CLOUD / OS_AUTH_URL unset) commands run on the built-in emulator.\n' +
        'With BLOCKOPS_URL and BLOCKOPS_TOKEN, operations run on that `blockops serve` as the identity of the token;\n' +
        'without, on the database itself as the operating-system user running this command.',
    )
    .addOption(new Option('--os-cloud <name>', 'the cloud in clouds.yaml to use (like OS_CLOUD)'))
    .addOption(new Option('--config <file>', 'blockops config file (like BLOCKOPS_CONFIG)'))
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program.exitOverride((err) => {
    // Help and version are not failures; everything else is a usage error.
    process.exit(err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2);
  });
  addGlobalOptions(program);
  addCompletionCommand(program);
  addSimCommand(program);
  addServeCommand(program);
  addWatchCommand(program);
  addMcpCommand(program);
  addDoctorCommand(program);
  addAuditCommands(program);
  addOperationCommands(program, manifest.verbs);
  return program;
}
