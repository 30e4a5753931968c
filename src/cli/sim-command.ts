import { isIP } from 'node:net';
import { type Command, Option } from 'commander';
import { renderCloudsYaml, renderOpenrc } from '../config/index.js';
import { startEmulator } from '../emulator/index.js';

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
      const emu = await startEmulator({
        host: opts.host,
        port: opts.port,
        speed: opts.speed,
        ...(opts.lightbitsTls ? { lightbitsTlsDir: opts.lightbitsTls } : {}),
      });
      const admin = emu.users.admin;
      const settings = {
        authUrl: emu.authUrl,
        auth: {
          type: 'password' as const,
          username: admin.username,
          password: admin.password,
          userDomainName: admin.userDomainName,
        },
        project: { name: admin.projectName, domainName: admin.projectDomainName },
        regionName: emu.region,
      };
      const out = [
        `blockops emulator listening on ${emu.url}`,
        `Lightbits API endpoints: ${emu.lightbits.endpoints.join(', ')}`,
        ...(emu.lightbits.caFile ? [`Lightbits API certificate: ${emu.lightbits.caFile}`] : []),
        '',
        '# openrc: paste into a shell, then run `openstack image list` or `blockops doctor`',
        renderOpenrc(settings, emu.lightbits),
        '',
        '# clouds.yaml entry (then: export OS_CLOUD=blockops-sim)',
        renderCloudsYaml('blockops-sim', settings),
      ];
      process.stdout.write(`${out.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await emu.close();
    });
}
