import { join } from 'node:path';
import { LightbitsClient } from '../clients/lightbits/index.js';
import { createOpenStack } from '../clients/openstack/index.js';
import type { BlockopsConfig } from '../config/index.js';
import type { Cloud } from '../core/cloud/cloud.js';
import type { RunningEmulator } from '../emulator/index.js';
import { stateDirOf } from './audit-key.js';
import { advertise, DISCOVERY_FILE, type EmulatorAccess, findRunning, newInstanceKey } from './emulator-discovery.js';

export interface CloudHandle {
  cloud: Cloud;
  /** Set when no cloud was configured and blockops started its built-in emulator in this process. */
  emulator: RunningEmulator | undefined;
  /** The built-in emulator in use, in this process or in a running `blockops serve`/`sim` (`sharedBy`). */
  access?: EmulatorAccess | undefined;
  sharedBy?: { by: string; pid: number } | undefined;
  close(): Promise<void>;
}

/** Who shares the emulator this process runs: `blockops serve` or `blockops sim` advertise theirs to other commands. */
export interface CloudOptions {
  shareAs?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
}

/** How long a command waits for another command to finish with the saved emulator. */
const SAVED_WAIT_MS = 60_000;
const NO_CLOUD = 'blockops: no cloud configured (set OS_CLOUD or OS_AUTH_URL to use a real one);';

/**
 * Connects to the configured cloud. With none configured, the built-in emulator, one state across commands: the
 * emulator of a running `blockops serve`/`sim` found in the state directory, else the emulator saved there (started
 * in this process, saved when it closes). Says which on stderr (never stdout: that may carry --json or MCP).
 */
export async function openCloud(
  config: BlockopsConfig,
  notice: (line: string) => void,
  opts: CloudOptions = {},
): Promise<CloudHandle> {
  if (config.openstack) {
    return {
      cloud: {
        openstack: createOpenStack(config.openstack),
        lightbits: config.lightbits ? new LightbitsClient(config.lightbits) : undefined,
        volumeType: config.volumeType,
        imageDirs: config.imageDirs,
        directUrlSchemes: config.directUrlSchemes,
        pollMs: config.pollMs ?? 1000,
        launchConcurrency: config.launchConcurrency,
        emulated: false,
      },
      emulator: undefined,
      close: async () => {},
    };
  }
  return openBuiltInEmulator(config, notice, opts);
}

/** The built-in emulator, one state across commands (see openCloud); `blockops sim` asks for it directly. */
export async function openBuiltInEmulator(
  config: BlockopsConfig,
  notice: (line: string) => void,
  opts: CloudOptions = {},
): Promise<CloudHandle> {
  const cloudOpts = {
    imageDirs: config.imageDirs,
    pollMs: config.pollMs ?? (config.emulatorSpeed === 0 ? 20 : 250),
    launchConcurrency: config.launchConcurrency,
  };
  const stateDir = stateDirOf(config.databaseUrl);
  // The emulator's code loads only where no cloud is configured.
  const [{ startEmulator }, { SAVED_STATE_FILE, startSavedEmulator }] = await Promise.all([
    import('../emulator/index.js'),
    import('./saved-emulator.js'),
  ]);
  const deadline = Date.now() + (opts.shareAs ? 0 : SAVED_WAIT_MS);
  while (stateDir) {
    const running = await findRunning(stateDir, notice);
    if (running) {
      notice(
        `${NO_CLOUD} using the built-in emulator of the running \`${running.by}\` (pid ${running.pid}) at ` +
          `${running.url}, found in ${join(stateDir, DISCOVERY_FILE)}.`,
      );
      return {
        cloud: emulatorCloud(running, cloudOpts),
        emulator: undefined,
        access: running,
        sharedBy: { by: running.by, pid: running.pid },
        close: async () => {},
      };
    }
    const key = newInstanceKey();
    const saved = await startSavedEmulator(stateDir, {
      speed: config.emulatorSpeed,
      instanceKey: key,
      host: opts.host,
      port: opts.port,
    });
    if (saved) {
      const withdraw = opts.shareAs ? await advertise(stateDir, saved.emulator, key, opts.shareAs) : undefined;
      notice(
        `${NO_CLOUD} using the built-in emulator at ${saved.emulator.url}, its state kept in ` +
          `${join(stateDir, SAVED_STATE_FILE)} between commands${opts.shareAs ? ` and shared with them while this runs` : ''}.`,
      );
      return {
        cloud: emulatorCloud(saved.emulator, cloudOpts),
        emulator: saved.emulator,
        access: saved.emulator,
        close: async () => {
          await withdraw?.();
          await saved.close();
        },
      };
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const emulator = await startEmulator({ speed: config.emulatorSpeed, host: opts.host, port: opts.port });
  notice(
    `${NO_CLOUD} using the built-in emulator at ${emulator.url}. Its state lives only as long as this process` +
      (stateDir ? ` (the saved one in ${stateDir} is in use by another process).` : '.'),
  );
  return { cloud: emulatorCloud(emulator, cloudOpts), emulator, access: emulator, close: () => emulator.close() };
}

/** A Cloud on the built-in emulator, as admin: what blockops uses when no cloud is configured (and tests use). */
export function emulatorCloud(
  emulator: EmulatorAccess,
  opts: { imageDirs: string[]; pollMs: number; launchConcurrency?: number | undefined; lightbits?: boolean },
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
    launchConcurrency: opts.launchConcurrency,
    emulated: true,
  };
}
