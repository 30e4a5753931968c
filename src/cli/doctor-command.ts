import { type Command, Option } from 'commander';

const MARK = { ok: '✔', warn: '!', fail: '✘' } as const;

/** `blockops doctor`: checks auth, catalog, each service and every Lightbits endpoint; exit 1 if anything failed. */
export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .summary('Check the configured cloud')
    .description(
      'Checks Keystone auth, the catalog, Glance, Cinder, Nova, Neutron and each Lightbits API endpoint, and says what is wrong.',
    )
    .addOption(new Option('--json', 'print the checks as JSON'))
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const [{ humanLine }, { withApp }] = await Promise.all([import('./output.js'), import('./with-app.js')]);
      process.exitCode = await withApp(cmd.optsWithGlobals(), async (app) => {
        const { runDoctor } = await import('../app/doctor.js');
        const handle = await app.cloudHandle();
        const lightbits = app.config.lightbits ?? handle.emulator?.lightbits;
        const checks = await runDoctor(app.config, handle.cloud, lightbits);
        if (opts.json) process.stdout.write(`${JSON.stringify({ ok: checks.every((c) => c.ok), checks }, null, 2)}\n`);
        else
          for (const c of checks)
            process.stdout.write(`${MARK[c.level]} ${c.name.padEnd(24)} ${humanLine(c.detail)}\n`);
        return checks.every((c) => c.ok) ? 0 : 1;
      });
    });
}
