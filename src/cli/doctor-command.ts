import { type Command, Option } from 'commander';
import type { Check } from '../app/doctor.js';

const MARK = { ok: '✔', warn: '!', fail: '✘' } as const;

/**
 * `blockops doctor`: checks auth, catalog, each service and every Lightbits endpoint; exit 1 if anything failed. With
 * BLOCKOPS_URL, it checks that serve and the token instead (doctor-remote.ts).
 */
export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .summary('Check the configured cloud')
    .description(
      'Checks Keystone auth, the catalog, Glance, Cinder, Nova, Neutron and each Lightbits API endpoint, and says what is wrong. ' +
        'With BLOCKOPS_URL set, checks that blockops serve and your token instead.',
    )
    .addOption(new Option('--json', 'print the checks as JSON'))
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const [{ humanLine, printError }, { withApp, stringFlags }, { loadConfig }] = await Promise.all([
        import('./output.js'),
        import('./with-app.js'),
        import('../config/index.js'),
      ]);
      const print = (checks: Check[]) => {
        if (opts.json) process.stdout.write(`${JSON.stringify({ ok: checks.every((c) => c.ok), checks }, null, 2)}\n`);
        else
          for (const c of checks)
            process.stdout.write(`${MARK[c.level]} ${c.name.padEnd(24)} ${humanLine(c.detail)}\n`);
        return checks.every((c) => c.ok) ? 0 : 1;
      };
      const flags = cmd.optsWithGlobals();
      let config: Awaited<ReturnType<typeof loadConfig>>;
      try {
        config = await loadConfig({ flags: stringFlags(flags) });
      } catch (e) {
        process.exitCode = printError(e, false);
        return;
      }
      if (config.remote.url) {
        const { remoteChecks } = await import('./doctor-remote.js');
        process.exitCode = print(await remoteChecks(config.remote.url, config.remote.token));
        return;
      }
      process.exitCode = await withApp(
        flags,
        async (app) => {
          const { runDoctor } = await import('../app/doctor.js');
          const handle = await app.cloudHandle();
          const lightbits = app.config.lightbits ?? handle.emulator?.lightbits;
          return print(await runDoctor(app.config, handle.cloud, lightbits));
        },
        { config },
      );
    });
}
