import { afterEach } from 'vitest';
import { emulatorCloud } from '../../../src/app/cloud.js';
import type { Cloud } from '../../../src/core/cloud/cloud.js';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';

/** A fresh emulator (no delays) and a Cloud on it, as blockops builds one; `lightbits: false` leaves it out. */
export async function emulatedCloud(
  opts: { lightbits?: boolean } = {},
): Promise<{ emu: RunningEmulator; cloud: Cloud }> {
  const emu = await startEmulator({ speed: 0 });
  return { emu, cloud: emulatorCloud(emu, { imageDirs: [], pollMs: 20, lightbits: opts.lightbits }) };
}

/** For a describe block: `start()` gives a fresh emulated cloud per test, and `emu` its emulator, closed after it. */
export function emulatedCloudPerTest(): {
  start(opts?: { lightbits?: boolean }): Promise<Cloud>;
  readonly emu: RunningEmulator;
} {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  return {
    async start(opts = {}) {
      const started = await emulatedCloud(opts);
      emu = started.emu;
      return started.cloud;
    },
    get emu() {
      if (!emu) throw new Error('call start() first');
      return emu;
    },
  };
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
