import { type Command, Option } from 'commander';
import { OS_SECRET_KEYS, OS_TEXT_KEYS } from '../config/openstack-keys.js';
import { VERSION } from '../version.js';

/** The `--os-*` flags the openstack command takes, one per OS_* setting blockops reads (secrets included). */
export function osFlagNames(): string[] {
  return [...OS_TEXT_KEYS, ...OS_SECRET_KEYS].map((k) => `os-${k.replace(/_/g, '-')}`);
}

const SECRET_FLAGS = new Set(OS_SECRET_KEYS.map((k) => `os-${k.replace(/_/g, '-')}`));

/** `--version`, `--debug` and the `--os-*` flags, on the program; they apply to every command. */
export function addGlobalOptions(program: Command): void {
  program.version(`blockops ${VERSION}`, '--version', 'print the version and exit');
  program.addOption(new Option('--debug', 'log everything, and the stack of an unexpected error, to stderr'));
  for (const flag of osFlagNames()) {
    const env = `OS_${flag.slice(3).replace(/-/g, '_').toUpperCase()}`;
    const help = SECRET_FLAGS.has(flag)
      ? `like ${env}; visible to other users in \`ps\`: prefer ${env}_FILE or clouds.yaml`
      : `like ${env}`;
    program.addOption(new Option(`--${flag} <value>`, help));
  }
  program.hook('preAction', async (_program, action) => {
    const flags = action.optsWithGlobals() as Record<string, unknown>;
    if (flags['debug']) {
      process.env['BLOCKOPS_DEBUG'] = '1';
      (await import('../log.js')).log.level = 'debug';
    }
    for (const flag of SECRET_FLAGS) {
      if (flags[camel(flag)] !== undefined) {
        process.stderr.write(
          `blockops: --${flag} is visible to other users of this machine (ps); prefer the environment or clouds.yaml.\n`,
        );
      }
    }
  });
}

/** Global options that are configuration flags: commander's camelCase key → the config's flag name. */
export function configFlagsOf(flags: Record<string, unknown>): Record<string, string | boolean | undefined> {
  const out: Record<string, string | boolean | undefined> = {};
  for (const flag of osFlagNames()) {
    const v = flags[camel(flag)];
    if (typeof v === 'string') out[flag] = v;
  }
  return out;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
