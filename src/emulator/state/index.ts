import type { Flavor, Keypair, Server } from './compute.js';
import { type IdentityState, newIdentityState } from './identity.js';
import type { Image } from './images.js';
import type { Network, Port, Subnet } from './network.js';
import type { ServiceRecord } from './services.js';
import type { Snapshot, Volume, VolumeType } from './volumes.js';

/** Everything the emulated cloud knows, in memory. Maps keep insertion order, which lists rely on. */
export interface EmulatorState {
  identity: IdentityState;
  images: Map<string, Image>;
  volumes: Map<string, Volume>;
  snapshots: Map<string, Snapshot>;
  volumeTypes: Map<string, VolumeType>;
  defaultVolumeTypeId: string;
  flavors: Map<string, Flavor>;
  keypairs: Map<string, Keypair>;
  servers: Map<string, Server>;
  networks: Map<string, Network>;
  subnets: Map<string, Subnet>;
  ports: Map<string, Port>;
  services: ServiceRecord[];
  /** Ids of Cinder services, for `service_uuid` on volumes. */
  cinderVolumeServiceUuid: string;
  counters: { instance: number; keypair: number };
}

export function newState(): EmulatorState {
  return {
    identity: newIdentityState(),
    images: new Map(),
    volumes: new Map(),
    snapshots: new Map(),
    volumeTypes: new Map(),
    defaultVolumeTypeId: '',
    flavors: new Map(),
    keypairs: new Map(),
    servers: new Map(),
    networks: new Map(),
    subnets: new Map(),
    ports: new Map(),
    services: [],
    cinderVolumeServiceUuid: '',
    counters: { instance: 0, keypair: 0 },
  };
}

export function keypairKey(userId: string, name: string): string {
  return `${userId}:${name}`;
}
