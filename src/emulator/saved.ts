import { deserialize, serialize } from 'node:v8';
import type { Emu, LightbitsLink } from './runtime.js';
import type { SeededIdentity } from './seed/identity.js';
import type { EmulatorState } from './state/index.js';

/** The OpenStack side of a saved emulator: its state, and the seeded ids its credentials name. */
export interface SavedOpenStack {
  state: EmulatorState;
  ids: SeededIdentity;
}

/** A whole saved emulator: what `startEmulator({ saved })` starts from. */
export interface SavedEmulator {
  openstack: SavedOpenStack;
  lightbits: { data: Record<string, unknown>; jwt: string };
}

const FORMAT = 'blockops-emulator-state';
const VERSION = 1;
/** How long a save waits for transitions in flight (a volume creating, a server building) to finish. */
const SETTLE_MS = 30_000;

/** Waits, up to a bound, until no delayed transition is pending on either side. */
export async function settle(emu: Emu): Promise<void> {
  const until = Date.now() + SETTLE_MS;
  let quiet = 0;
  while (quiet < 2 && Date.now() < until) {
    await emu.lightbits.settled?.();
    await new Promise((r) => setTimeout(r, 20));
    quiet = emu.clock.pending() === 0 ? quiet + 1 : 0;
  }
}

/**
 * Structured serialization (Maps, Sets, Dates and shared references survive, as the state uses them all). It reads
 * back only data, never code.
 */
export function encodeSaved(parts: { openstack: SavedOpenStack; lightbits: LightbitsLink }): Buffer {
  const saved: SavedEmulator = {
    openstack: parts.openstack,
    lightbits: { data: parts.lightbits.exportData?.() ?? {}, jwt: parts.lightbits.jwt },
  };
  return serialize({ format: FORMAT, version: VERSION, saved });
}

export function decodeSaved(bytes: Buffer): SavedEmulator {
  let decoded: { format?: unknown; version?: unknown; saved?: SavedEmulator };
  try {
    decoded = deserialize(bytes) as typeof decoded;
  } catch (e) {
    throw new Error(`not a saved emulator state (${(e as Error).message})`);
  }
  if (decoded?.format !== FORMAT || decoded.version !== VERSION || !decoded.saved) {
    throw new Error(`not a saved emulator state of version ${VERSION}`);
  }
  return decoded.saved;
}
