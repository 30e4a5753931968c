import type { Emu } from '../runtime.js';

/** Whether a service row in os-services is up: the schedulers find no host on a stopped service. */
export function serviceUp(emu: Emu, binary: string): boolean {
  return emu.state.services.some((s) => s.binary === binary && s.state === 'up' && s.status === 'enabled');
}

export function hasSnapshots(emu: Emu, volumeId: string): boolean {
  for (const s of emu.state.snapshots.values()) if (s.volumeId === volumeId) return true;
  return false;
}
