import { LightbitsClient } from '../../../src/clients/lightbits/index.js';
import { createOpenStack } from '../../../src/clients/openstack/index.js';
import type { Cloud } from '../../../src/core/cloud.js';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';

/** A fresh emulator (no delays) and a Cloud on it, as blockops would build one; `lightbits: false` leaves it out. */
export async function emulatedCloud(
  opts: { lightbits?: boolean } = {},
): Promise<{ emu: RunningEmulator; cloud: Cloud }> {
  const emu = await startEmulator({ speed: 0 });
  const admin = emu.users.admin;
  const cloud: Cloud = {
    openstack: createOpenStack({
      authUrl: emu.authUrl,
      auth: { type: 'password', username: admin.username, password: admin.password, userDomainName: 'Default' },
      project: { name: admin.projectName, domainName: 'Default' },
      regionName: emu.region,
    }),
    lightbits:
      opts.lightbits === false
        ? undefined
        : new LightbitsClient({
            endpoints: emu.lightbits.endpoints,
            jwt: emu.lightbits.jwt,
            project: emu.lightbits.project,
          }),
    volumeType: emu.volumeType,
    imageDirs: [],
    emulated: true,
    pollMs: 20,
  };
  return { emu, cloud };
}

/** Polls until check returns something truthy (state machines move asynchronously even at speed 0). */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, tries = 250): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}
