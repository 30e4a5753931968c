import type { Emu } from '../runtime.js';
import type { Volume } from '../state/volumes.js';
import { type SeededIdentity, seedCatalog, seedIdentity } from './identity.js';
import { seedCirros } from './images.js';
import { seedFlavors, seedKeypair, seedNetworks, seedServices, seedVolumeTypes } from './infrastructure.js';
import { seedBlankLightbitsVolumes } from './records.js';

/** More seed data, added once the standard seed is in place and before the emulator answers (e.g. bulk test data). */
export type ExtraSeed = (emu: Emu, ids: SeededIdentity) => Promise<void>;

/** Fills a fresh emulator: identity, catalog, flavors, networks, types, services, cirros; then `extra`, if given. */
export async function seed(emu: Emu, extra?: ExtraSeed, replicas = 3): Promise<SeededIdentity> {
  const state = emu.state;
  const ids = seedIdentity(state.identity);
  seedCatalog(state.identity);
  seedFlavors(state);
  seedKeypair(state, ids);
  seedNetworks(state, ids);
  seedVolumeTypes(state, emu.lightbits.project, replicas);
  seedServices(state, emu.config.computeHost, emu.config.cinderBackendHost);
  const blank: Volume[] = [];
  await seedCirros(emu, ids, blank);
  await seedBlankLightbitsVolumes(emu, blank);
  if (extra) await extra(emu, ids);
  return ids;
}
