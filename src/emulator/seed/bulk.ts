import { createHash } from 'node:crypto';
import { lightbitsName, lightbitsProjectOf } from '../cinder/driver.js';
import { imageMetadataOf } from '../cinder/image-metadata.js';
import { seededUuid, uuid } from '../ids.js';
import { allocatePort } from '../neutron/ports.js';
import type { Emu } from '../runtime.js';
import type { Image } from '../state/images.js';
import type { Volume } from '../state/volumes.js';
import type { SeededIdentity } from './identity.js';
import { seededLightbitsVolume, seededVolume } from './records.js';

/** `count` blank volumes spread over demo and admin (sizes 1–10 GB), each with its Lightbits volume. */
export function seedVolumes(emu: Emu, ids: SeededIdentity, count: number, blank: Volume[]): void {
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
export function seedServers(
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
