import { LightbitsClient } from '../clients/lightbits/index.js';
import { createOpenStack } from '../clients/openstack/index.js';
import type { BlockopsConfig } from '../config/index.js';
import type { Cloud } from '../core/cloud/cloud.js';
import type { RunningEmulator } from '../emulator/index.js';

export interface CloudHandle {
  cloud: Cloud;
  /** Set when no cloud was configured and blockops started its built-in emulator in this process. */
  emulator: RunningEmulator | undefined;
  close(): Promise<void>;
}

/**
 * Connects to the configured cloud, or, with none configured, starts the built-in emulator in this process
 * and says so on stderr (never stdout: that may carry --json output or the MCP protocol).
 */
export async function openCloud(config: BlockopsConfig, notice: (line: string) => void): Promise<CloudHandle> {
  if (config.openstack) {
    return {
      cloud: {
        openstack: createOpenStack(config.openstack),
        lightbits: config.lightbits ? new LightbitsClient(config.lightbits) : undefined,
        volumeType: config.volumeType,
        imageDirs: config.imageDirs,
        directUrlSchemes: config.directUrlSchemes,
        pollMs: config.pollMs ?? 1000,
        emulated: false,
      },
      emulator: undefined,
      close: async () => {},
    };
  }
  const { startEmulator } = await import('../emulator/index.js'); // only where no cloud is configured
  const emulator = await startEmulator({ speed: config.emulatorSpeed });
  notice(
    `blockops: no cloud configured (set OS_CLOUD or OS_AUTH_URL to use a real one); using the built-in emulator at ${emulator.url}. ` +
      'Its state lives only as long as this process.',
  );
  return {
    cloud: emulatorCloud(emulator, {
      imageDirs: config.imageDirs,
      pollMs: config.pollMs ?? (config.emulatorSpeed === 0 ? 20 : 250),
    }),
    emulator,
    close: () => emulator.close(),
  };
}

/** A Cloud on the built-in emulator, as admin: what blockops uses when no cloud is configured (and tests use). */
export function emulatorCloud(
  emulator: RunningEmulator,
  opts: { imageDirs: string[]; pollMs: number; lightbits?: boolean },
): Cloud {
  const admin = emulator.users.admin;
  return {
    openstack: createOpenStack({
      authUrl: emulator.authUrl,
      auth: {
        type: 'password',
        username: admin.username,
        password: admin.password,
        userDomainName: admin.userDomainName,
      },
      project: { name: admin.projectName, domainName: admin.projectDomainName },
      regionName: emulator.region,
    }),
    lightbits:
      opts.lightbits === false
        ? undefined
        : new LightbitsClient({
            endpoints: emulator.lightbits.endpoints,
            jwt: emulator.lightbits.jwt,
            project: emulator.lightbits.project,
          }),
    volumeType: emulator.volumeType,
    imageDirs: opts.imageDirs,
    // The emulator's Cinder is configured with allowed_direct_url_schemes = cinder.
    directUrlSchemes: ['cinder'],
    pollMs: opts.pollMs,
    emulated: true,
  };
}
