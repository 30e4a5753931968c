import { seededHex32, seededUuid } from '../ids.js';
import { ed25519PublicKey, fingerprint } from '../nova/ssh-keys.js';
import type { Flavor } from '../state/compute.js';
import { type EmulatorState, keypairKey } from '../state/index.js';
import type { SeededIdentity } from './identity.js';

const FLAVORS: [id: string, name: string, vcpus: number, ram: number, disk: number][] = [
  ['1', 'm1.tiny', 1, 512, 1],
  ['2', 'm1.small', 1, 2048, 20],
  ['3', 'm1.medium', 2, 4096, 40],
  ['4', 'm1.large', 4, 8192, 80],
];

export function seedFlavors(state: EmulatorState): void {
  for (const [id, name, vcpus, ram, disk] of FLAVORS) {
    const f: Flavor = {
      id,
      name,
      vcpus,
      ram,
      disk,
      ephemeral: 0,
      swap: 0,
      rxtxFactor: 1.0,
      isPublic: true,
      disabled: false,
      description: null,
      extraSpecs: {},
    };
    state.flavors.set(id, f);
  }
}

export function seedKeypair(state: EmulatorState, ids: SeededIdentity): void {
  const raw = Buffer.from(seededHex32('ops-key:a') + seededHex32('ops-key:b'), 'hex');
  const publicKey = ed25519PublicKey(raw, 'ops@blockops');
  state.keypairs.set(keypairKey(ids.users.admin, 'ops-key'), {
    id: ++state.counters.keypair,
    name: 'ops-key',
    userId: ids.users.admin,
    publicKey,
    fingerprint: fingerprint(publicKey) ?? '',
    type: 'ssh',
    createdAt: new Date(Date.now() - 86_400_000),
  });
}

export function seedNetworks(state: EmulatorState, ids: SeededIdentity): void {
  const created = new Date(Date.now() - 86_400_000);
  const add = (
    name: string,
    projectId: string,
    shared: boolean,
    external: boolean,
    cidr: string,
    mtu: number,
    poolEnd: string,
  ) => {
    const netId = seededUuid(`network:${name}`);
    const subId = seededUuid(`subnet:${name}`);
    const prefix = cidr.split('.').slice(0, 3).join('.');
    state.networks.set(netId, {
      id: netId,
      name,
      projectId,
      shared,
      external,
      mtu,
      subnetIds: [subId],
      createdAt: created,
    });
    state.subnets.set(subId, {
      id: subId,
      name: `${name}-subnet`,
      networkId: netId,
      projectId,
      cidr,
      gatewayIp: `${prefix}.1`,
      poolStart: `${prefix}.2`,
      poolEnd,
      nextHost: 8,
      createdAt: created,
    });
  };
  // A /22 for the tenant network: the benchmark seeds 500 servers, more than a /24 holds.
  add('private', ids.projects.demo, true, false, '10.0.0.0/22', 1450, '10.0.3.254');
  add('public', ids.projects.admin, false, true, '172.24.4.0/24', 1500, '172.24.4.254');
}

/** Volume types `lightbits` (the default, mapped to the Lightbits project) and Cinder's own `__DEFAULT__`. */
export function seedVolumeTypes(state: EmulatorState, lightbitsProject: string, replicas: number): void {
  const lightbits = seededUuid('volume-type:lightbits');
  state.volumeTypes.set(lightbits, {
    id: lightbits,
    name: 'lightbits',
    description: null,
    isPublic: true,
    extraSpecs: {
      volume_backend_name: 'lightbits',
      'lightos:project_name': lightbitsProject,
      'lightos:num_replicas': String(replicas),
    },
  });
  const def = seededUuid('volume-type:__DEFAULT__');
  state.volumeTypes.set(def, {
    id: def,
    name: '__DEFAULT__',
    description: 'Default Volume Type',
    isPublic: true,
    extraSpecs: {},
  });
  state.defaultVolumeTypeId = lightbits;
}

/** os-services rows: Cinder's scheduler and Lightbits backend, Nova's scheduler, conductor and compute. */
export function seedServices(state: EmulatorState, computeHost: string, cinderBackendHost: string): void {
  const now = new Date();
  const row = (service: 'cinder' | 'nova', id: number, binary: string, host: string, zone: string) => ({
    service,
    id,
    uuid: seededUuid(`service:${binary}`),
    binary,
    host,
    zone,
    state: 'up' as const,
    status: 'enabled' as const,
    disabledReason: null,
    updatedAt: now,
  });
  state.services.push(
    row('cinder', 1, 'cinder-volume', cinderBackendHost, 'nova'),
    row('cinder', 2, 'cinder-scheduler', computeHost, 'nova'),
    row('nova', 1, 'nova-scheduler', computeHost, 'internal'),
    row('nova', 2, 'nova-conductor', computeHost, 'internal'),
    row('nova', 4, 'nova-compute', computeHost, 'nova'),
  );
  state.cinderVolumeServiceUuid = seededUuid('service:cinder-volume');
}
