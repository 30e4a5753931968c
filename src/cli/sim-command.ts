import { isIP } from 'node:net';
import { type Command, Option } from 'commander';
import type { EmulatorAccess } from '../app/emulator-discovery.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** `blockops sim`: serves the emulator until stopped, and prints how to point any OpenStack client at it. */
export function addSimCommand(program: Command): void {
  program
    .command('sim')
    .summary('Serve the built-in OpenStack + Lightbits emulator')
    .description(
      'Serves Keystone, Glance (Cinder store), Cinder, Nova, Neutron and the Lightbits REST API on loopback until ' +
        'stopped, and prints an openrc block and a clouds.yaml entry for any OpenStack client.',
    )
    .addOption(
      new Option('--port <n>', 'port of the OpenStack APIs (0 = any free port)').default(5050).argParser(Number),
    )
    .addOption(new Option('--host <address>', 'loopback address to listen on').default('127.0.0.1'))
    .addOption(
      new Option(
        '--lightbits-tls <dir>',
        'serve the Lightbits API over HTTPS with a self-signed certificate made now in <dir> (cert.pem)',
      ),
    )
    .addOption(new Option('--speed <factor>', 'delay factor: 1 realistic, 0 instant').default(1).argParser(Number))
    .action(async (opts: { port: number; host: string; speed: number; lightbitsTls?: string }) => {
      if (!LOOPBACK.has(opts.host) && !(isIP(opts.host) === 4 && opts.host.startsWith('127.'))) {
        process.stderr.write(
          `blockops: --host ${opts.host} is not a loopback address. The emulator has well-known passwords; serve it on 127.0.0.1.\n`,
        );
        process.exitCode = 2;
        return;
      }
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
        process.stderr.write(`blockops: --port must be a whole number from 0 to 65535, not ${opts.port}\n`);
        process.exitCode = 2;
        return;
      }
      // Loaded when sim runs: the emulator would slow every other command's start-up.
      const [{ openBuiltInEmulator }, { loadConfig }, { startEmulator }, { emulatorSetup }] = await Promise.all([
        import('../app/cloud.js'),
        import('../config/index.js'),
        import('../emulator/index.js'),
        import('./emulator-setup.js'),
      ]);
      const notice = (line: string) => process.stderr.write(`${line}\n`);
      // The state directory comes from the configuration (DATABASE_URL); without one, an emulator of its own.
      // With --lightbits-tls, an emulator of its own: the shared or saved one speaks plain HTTP.
      const config = opts.lightbitsTls
        ? undefined
        : await loadConfig().catch((e: unknown) => {
            notice(
              `blockops sim: ${(e as Error).message}; serving an emulator of its own, shared with no other command.`,
            );
            return undefined;
          });
      const handle = config
        ? await openBuiltInEmulator({ ...config, emulatorSpeed: opts.speed }, notice, {
            shareAs: 'blockops sim',
            host: opts.host,
            port: opts.port,
          })
        : undefined;
      const own = handle
        ? undefined
        : await startEmulator({
            host: opts.host,
            port: opts.port,
            speed: opts.speed,
            ...(opts.lightbitsTls ? { lightbitsTlsDir: opts.lightbitsTls } : {}),
          });
      const access = (handle?.access ?? own) as EmulatorAccess;
      if (handle?.sharedBy) {
        process.stdout.write(
          `blockops: \`${handle.sharedBy.by}\` (pid ${handle.sharedBy.pid}) already serves the emulator at ${access.url}; use it:\n\n` +
            `${emulatorSetup(access)}\n`,
        );
        return;
      }
      const out = [
        `blockops emulator listening on ${access.url}`,
        `Lightbits API endpoints: ${access.lightbits.endpoints.join(', ')}`,
        ...(own?.lightbits.caFile ? [`Lightbits API certificate: ${own.lightbits.caFile}`] : []),
        '',
        emulatorSetup(access),
      ];
      process.stdout.write(`${out.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await (handle ? handle.close() : own?.close());
    });
}
