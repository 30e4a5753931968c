import type { Emu } from '../runtime.js';
import type { Volume } from '../state/volumes.js';
import { seedServers, seedVolumes } from './bulk.js';
import { type SeededIdentity, seedCatalog, seedIdentity } from './identity.js';
import { seedImages } from './images.js';
import { seedFlavors, seedKeypair, seedNetworks, seedServices, seedVolumeTypes } from './infrastructure.js';
import { inBatches, seedBlankLightbitsVolumes } from './records.js';

export interface SeedOptions {
  images?: number;
  volumes?: number;
  servers?: number;
}

const MAX_VOLUMES = 10_000;

/** Fills a fresh emulator: identity, catalog, flavors, networks, types, services, cirros, and optional bulk data. */
export async function seed(emu: Emu, opts: SeedOptions = {}, replicas = 3): Promise<SeededIdentity> {
  const state = emu.state;
  const ids = seedIdentity(state.identity);
  seedCatalog(state.identity);
  seedFlavors(state);
  seedKeypair(state, ids);
  seedNetworks(state, ids);
  seedVolumeTypes(state, emu.lightbits.project, replicas);
  seedServices(state, emu.config.computeHost, emu.config.cinderBackendHost);
  const blank: Volume[] = [];
  const clones: (() => Promise<unknown>)[] = [];
  const cirros = await seedImages(emu, ids, Math.max(0, opts.images ?? 0), blank);
  seedVolumes(emu, ids, Math.min(MAX_VOLUMES, Math.max(0, opts.volumes ?? 0)), blank);
  seedServers(emu, ids, cirros, Math.max(0, opts.servers ?? 0), clones);
  await seedBlankLightbitsVolumes(emu, blank);
  await inBatches(clones, 50);
  return ids;
}
