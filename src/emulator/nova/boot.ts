import { createHash, randomBytes } from 'node:crypto';
import { serviceUp } from '../cinder/checks.js';
import { newVolumeRecord, runCreate } from '../cinder/volume-ops.js';
import { uuid } from '../ids.js';
import { allocatePort, releasePorts } from '../neutron/ports.js';
import type { Emu } from '../runtime.js';
import type { Server } from '../state/compute.js';
import type { Volume } from '../state/volumes.js';
import type { BootRequest } from './boot-request.js';
import { attach, BuildAborted, detachFrom } from './volume-attach.js';

const SCHEDULE_MS = 700;
const SPAWN_MS = 1800;

export function newServerRecord(emu: Emu, req: BootRequest, projectId: string, userId: string): Server {
  const now = new Date();
  const server: Server = {
    id: uuid(),
    name: req.name,
    projectId,
    userId,
    flavor: req.flavor,
    imageId: req.image?.id ?? null,
    keyName: req.keyName,
    status: 'BUILD',
    vmState: 'building',
    taskState: 'scheduling',
    powerState: 0,
    createdAt: now,
    updatedAt: now,
    launchedAt: null,
    hostId: '',
    host: null,
    instanceName: `instance-${(++emu.state.counters.instance).toString(16).padStart(8, '0')}`,
    reservationId: `r-${randomBytes(6).toString('base64url').toLowerCase().slice(0, 8)}`,
    volumes: [],
    nics: [],
    metadata: req.metadata,
    fault: null,
    description: req.description,
    tags: [],
    userData: req.userData,
    availabilityZone: 'nova',
    locked: false,
    securityGroups: [],
  };
  emu.state.servers.set(server.id, server);
  return server;
}

function step(server: Server, taskState: string | null): void {
  server.taskState = taskState;
  server.updatedAt = new Date();
}

/** The conductor and compute side of a boot: schedule, network, block devices, spawn → ACTIVE (or ERROR). */
export async function runBoot(emu: Emu, server: Server, req: BootRequest): Promise<void> {
  // A server deleted while building stops here; the delete has already released what it held.
  const alive = () => {
    if (emu.state.servers.get(server.id) !== server || server.taskState === 'deleting') throw new BuildAborted();
  };
  try {
    await emu.clock.hold(server, SCHEDULE_MS);
    alive();
    if (!serviceUp(emu, 'nova-compute'))
      throw new Error('No valid host was found. There are not enough hosts available.');
    server.host = emu.config.computeHost;
    server.hostId = createHash('sha224')
      .update(server.projectId + server.host)
      .digest('hex');
    step(server, 'networking');
    for (const net of req.networks) {
      const port = allocatePort(emu, net, server.projectId, server.id);
      server.nics.push({ networkId: net.id, networkName: net.name, portId: port.id, ip: port.ip, mac: port.mac });
    }
    if (req.networks.length > 0) server.securityGroups = ['default'];
    step(server, 'block_device_mapping');
    const ordered = [...req.bdms].sort((a, b) => (a.bootIndex ?? 99) - (b.bootIndex ?? 99));
    for (const [i, bdm] of ordered.entries()) {
      let vol: Volume;
      if (bdm.source === 'volume') vol = bdm.volume;
      else {
        const type = [...emu.state.volumeTypes.values()].find((t) => t.name === bdm.typeName || t.id === bdm.typeName);
        vol = newVolumeRecord(
          emu,
          {
            projectId: server.projectId,
            userId: server.userId,
            name: '',
            description: '',
            size: bdm.size,
            typeId: type?.id ?? emu.state.defaultVolumeTypeId,
          },
          { kind: 'image', image: bdm.image },
        );
        await runCreate(emu, vol, { kind: 'image', image: bdm.image });
        alive();
      }
      await attach(emu, server, vol, i, bdm.deleteOnTermination);
      alive();
    }
    step(server, 'spawning');
    await emu.clock.hold(server, SPAWN_MS);
    alive();
    const failure = emu.faults.nextBootErrors.shift();
    if (failure !== undefined) throw new Error(failure);
    Object.assign(server, { status: 'ACTIVE', vmState: 'active', powerState: 1, launchedAt: new Date() });
    step(server, null);
  } catch (err) {
    if (err instanceof BuildAborted) return;
    failBoot(emu, server, err instanceof Error ? err.message : String(err));
  }
}

/** A failed build: ERROR with a fault, networks deallocated, volumes detached (as Nova cleans up). */
function failBoot(emu: Emu, server: Server, message: string): void {
  Object.assign(server, { status: 'ERROR', vmState: 'error', powerState: 0 });
  server.fault = {
    code: 500,
    message,
    created: new Date(),
    details: `Traceback (most recent call last):\n  File "nova/compute/manager.py", in _build_and_run_instance\nnova.exception.BuildAbortException: ${message}`,
  };
  releasePorts(emu, server.id);
  server.nics = [];
  server.securityGroups = [];
  for (const vol of emu.state.volumes.values()) detachFrom(vol, server.id);
  server.volumes = [];
  step(server, null);
}
