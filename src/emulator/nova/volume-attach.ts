import { touch } from '../cinder/volume-ops.js';
import { uuid } from '../ids.js';
import type { Emu } from '../runtime.js';
import type { Server } from '../state/compute.js';
import type { Volume } from '../state/volumes.js';

const ATTACH_MS = 800;

/** Thrown when the server was deleted while building: the build stops quietly. */
export class BuildAborted extends Error {}

/** The API reserves each volume BDM at once (Cinder attachment without connector → volume `reserved`). */
export function reserveVolume(vol: Volume, serverId: string): void {
  vol.status = 'reserved';
  vol.attachments.push({
    attachmentId: uuid(),
    attachStatus: 'reserved',
    serverId,
    hostName: null,
    device: null,
    attachedAt: null,
  });
  touch(vol);
}

export async function attach(
  emu: Emu,
  server: Server,
  vol: Volume,
  index: number,
  deleteOnTermination: boolean,
): Promise<void> {
  const device = `/dev/sd${String.fromCharCode(97 + index)}`;
  let att = vol.attachments.find((a) => a.serverId === server.id);
  if (!att) {
    reserveVolume(vol, server.id);
    att = vol.attachments[vol.attachments.length - 1];
  }
  if (!att) return;
  vol.status = 'attaching';
  att.attachStatus = 'attaching';
  touch(vol);
  // Held on the server: that is what the booting client polls.
  await emu.clock.hold(server, ATTACH_MS);
  if (!vol.attachments.includes(att)) throw new BuildAborted();
  Object.assign(att, { attachStatus: 'attached', hostName: server.host, device, attachedAt: new Date() });
  vol.status = 'in-use';
  touch(vol);
  server.volumes.push({ id: vol.id, deleteOnTermination, device });
}

export function detachFrom(vol: Volume, serverId: string): void {
  const before = vol.attachments.length;
  vol.attachments = vol.attachments.filter((a) => a.serverId !== serverId);
  if (vol.attachments.length !== before) {
    if (vol.attachments.length === 0 && ['in-use', 'reserved', 'attaching', 'detaching'].includes(vol.status))
      vol.status = 'available';
    touch(vol);
  }
}
