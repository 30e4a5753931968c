import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { lightbitsName, lightbitsProjectOf } from '../../src/emulator/cinder/driver.js';
import { imageMetadataOf } from '../../src/emulator/cinder/image-metadata.js';
import { type Digest, generatedDigest } from '../../src/emulator/glance/data.js';
import { ingest } from '../../src/emulator/glance/ingest.js';
import { seededUuid, uuid } from '../../src/emulator/ids.js';
import type { ExtraSeed } from '../../src/emulator/index.js';
import type { LightbitsCluster } from '../../src/emulator/lightbits/index.js';
import { allocatePort } from '../../src/emulator/neutron/ports.js';
import type { Emu } from '../../src/emulator/runtime.js';
import type { SeededIdentity } from '../../src/emulator/seed/identity.js';
import { seedImage } from '../../src/emulator/seed/images.js';
import {
  inBatches,
  seedBlankLightbitsVolumes,
  seededLightbitsVolume,
  seededVolume,
} from '../../src/emulator/seed/records.js';
import type { Image, ImageData } from '../../src/emulator/state/images.js';
import type { Volume } from '../../src/emulator/state/volumes.js';
import { qcow2Bytes } from './images.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export interface BulkSeed {
  /** Images besides cirros (1–4 MiB), every third one qcow2 (so it takes the copy path). */
  images?: number;
  /** Blank volumes spread over demo and admin (sizes 1–10 GB). */
  volumes?: number;
  /** ACTIVE servers in demo on `private`, each booted from a block clone of cirros. */
  servers?: number;
}

/**
 * Bulk data for an emulator, made at once without delays, each volume with its Lightbits volume:
 * `startEmulator({ seed: bulkSeed({ volumes: 10_000 }) })`.
 */
export function bulkSeed(opts: BulkSeed): ExtraSeed {
  return async (emu, ids) => {
    const blank: Volume[] = [];
    const clones: (() => Promise<unknown>)[] = [];
    await seedImages(emu, ids, opts.images ?? 0, blank);
    seedVolumes(emu, ids, opts.volumes ?? 0, blank);
    const cirros = [...emu.state.images.values()].find((i) => i.name === 'cirros');
    if (!cirros) throw new Error('the standard seed has no cirros image');
    seedServers(emu, ids, cirros, opts.servers ?? 0, clones);
    await seedBlankLightbitsVolumes(emu, blank);
    await inBatches(clones, 50);
  };
}

/** `count` images in the Cinder store; the qcow2 ones announce 1 GiB and are files in the emulator's temp dir. */
async function seedImages(emu: Emu, ids: SeededIdentity, count: number, blank: Volume[]): Promise<void> {
  const base = Date.now() - 3_600_000;
  for (let i = 1; i <= count; i++) {
    const qcow2 = i % 3 === 0;
    const label = `seed-image-${i}`;
    const size = (1 + (i % 4)) * MiB;
    let data: ImageData;
    let digest: Digest;
    if (qcow2) {
      const path = join(emu.tmpDir, label);
      digest = await ingest(Readable.from([Buffer.from(qcow2Bytes(GiB, size))]), path);
      data = { kind: 'file', path };
    } else {
      const generated = { kind: 'generated' as const, seed: label, size };
      digest = await generatedDigest(generated);
      data = generated;
    }
    seedImage(
      emu,
      ids,
      {
        label,
        name: `seed-image-${String(i).padStart(3, '0')}${qcow2 ? '-qcow2' : ''}`,
        data,
        digest,
        diskFormat: qcow2 ? 'qcow2' : 'raw',
        owner: i % 2 === 0 ? ids.projects.demo : ids.projects.admin,
        visibility: i % 2 === 0 ? 'shared' : 'public',
        createdAt: new Date(base + i * 1000),
      },
      blank,
    );
  }
}

/** `count` blank volumes spread over demo and admin (sizes 1–10 GB), each with its Lightbits volume. */
function seedVolumes(emu: Emu, ids: SeededIdentity, count: number, blank: Volume[]): void {
  const base = Date.now() - 1_800_000;
  for (let i = 1; i <= count; i++) {
    const demo = i % 3 !== 0;
    const vol = seededVolume(emu, {
      id: seededUuid(`volume:${i}`),
      name: `seed-volume-${String(i).padStart(5, '0')}`,
      projectId: demo ? ids.projects.demo : ids.projects.admin,
      userId: demo ? ids.users.demo : ids.users.admin,
      size: 1 + (i % 10),
      createdAt: new Date(base + i),
    });
    blank.push(vol);
  }
}

/** `count` ACTIVE servers in demo on `private`, each booted from a block clone of `image`. */
function seedServers(
  emu: Emu,
  ids: SeededIdentity,
  image: Image,
  count: number,
  lightbits: (() => Promise<unknown>)[],
): void {
  const net = [...emu.state.networks.values()].find((n) => n.name === 'private');
  const imageVolume = image.volumeId ? emu.state.volumes.get(image.volumeId) : undefined;
  const flavor = emu.state.flavors.get('1');
  if (!net || !imageVolume || !flavor) return;
  const base = Date.now() - 900_000;
  for (let i = 1; i <= count; i++) {
    const created = new Date(base + i * 1000);
    const serverId = seededUuid(`server:${i}`);
    const vol = seededVolume(emu, {
      id: seededUuid(`server-volume:${i}`),
      name: `seed-server-${i}-disk`,
      projectId: ids.projects.demo,
      userId: ids.users.demo,
      size: 1,
      createdAt: created,
      status: 'in-use',
      bootable: true,
      imageMetadata: imageMetadataOf(image),
      createdBy: 'image-clone',
      attachments: [
        {
          attachmentId: uuid(),
          attachStatus: 'attached',
          serverId,
          hostName: emu.config.computeHost,
          device: '/dev/sda',
          attachedAt: created,
        },
      ],
    });
    const project = lightbitsProjectOf(emu, imageVolume);
    const snap = `for_clone_${vol.id}`;
    lightbits.push(async () => {
      await emu.lightbits.backend.createSnapshot({
        project,
        name: snap,
        sourceVolumeName: lightbitsName(imageVolume.id),
      });
      await seededLightbitsVolume(emu, vol, snap);
      await emu.lightbits.backend.deleteSnapshot(project, snap);
    });
    const port = allocatePort(emu, net, ids.projects.demo, serverId);
    emu.state.servers.set(serverId, {
      id: serverId,
      name: `seed-server-${i}`,
      projectId: ids.projects.demo,
      userId: ids.users.demo,
      flavor,
      imageId: null,
      keyName: null,
      status: 'ACTIVE',
      vmState: 'active',
      taskState: null,
      powerState: 1,
      createdAt: created,
      updatedAt: created,
      launchedAt: created,
      hostId: createHash('sha224')
        .update(ids.projects.demo + emu.config.computeHost)
        .digest('hex'),
      host: emu.config.computeHost,
      instanceName: `instance-${(++emu.state.counters.instance).toString(16).padStart(8, '0')}`,
      reservationId: `r-seed${String(i).padStart(4, '0')}`,
      volumes: [{ id: vol.id, deleteOnTermination: true, device: '/dev/sda' }],
      nics: [{ networkId: net.id, networkName: net.name, portId: port.id, ip: port.ip, mac: port.mac }],
      metadata: {},
      fault: null,
      description: null,
      tags: [],
      userData: null,
      availabilityZone: 'nova',
      locked: false,
      securityGroups: ['default'],
    });
  }
}

/**
 * Adds `n` Available volumes named `volume-<uuid>` straight into a Lightbits cluster's state, without delays, spread
 * round-robin over its nodes (default: the cluster's project, 20 GiB, up to 3 replicas); returns their names.
 */
export function seedClusterVolumes(
  cluster: LightbitsCluster,
  n: number,
  opts: { project?: string; sizeBytes?: number; replicaCount?: number } = {},
): string[] {
  const state = cluster.state;
  const project = opts.project ?? cluster.project;
  state.projects.add(project);
  const sizeBytes = opts.sizeBytes ?? 20 * GiB;
  const names: string[] = [];
  const now = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const nodeList = state.place(opts.replicaCount ?? Math.min(3, state.nodes.length));
    const name = `volume-${randomUUID()}`;
    state.addVolume({
      uuid: randomUUID(),
      name,
      project,
      state: 'Available',
      replicaCount: nodeList.length,
      nodeList,
      primary: nodeList[0] as string,
      nsid: state.allocateNsid(),
      acl: ['ALLOW_NONE'],
      ipAcl: ['ALLOW_ANY'],
      compression: false,
      sizeBytes,
      writtenBytes: sizeBytes,
      etag: 1,
      creationTime: now,
    });
    names.push(name);
  }
  return names;
}
