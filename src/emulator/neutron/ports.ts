import { macAddress, uuid } from '../ids.js';
import type { Emu } from '../runtime.js';
import type { Network, Port } from '../state/network.js';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** A port with the next free fixed IP of the network's first subnet, as Neutron's IPAM hands them out. */
export function allocatePort(emu: Emu, network: Network, projectId: string, deviceId: string): Port {
  const subnet = emu.state.subnets.get(network.subnetIds[0] ?? '');
  if (!subnet) throw new Error(`Network ${network.id} has no subnet to allocate an address from.`);
  const start = ipToInt(subnet.poolStart);
  const end = ipToInt(subnet.poolEnd);
  const used = new Set([...emu.state.ports.values()].filter((p) => p.subnetId === subnet.id).map((p) => p.ip));
  let ip: string | undefined;
  for (let i = 0; i <= end - start; i++) {
    const candidate = intToIp(start + ((subnet.nextHost + i) % (end - start + 1)));
    if (!used.has(candidate)) {
      ip = candidate;
      subnet.nextHost = (subnet.nextHost + i + 1) % (end - start + 1);
      break;
    }
  }
  if (!ip) throw new Error(`No more IP addresses available on network ${network.id}.`);
  const port: Port = {
    id: uuid(),
    networkId: network.id,
    subnetId: subnet.id,
    projectId,
    deviceId,
    mac: macAddress(),
    ip,
    createdAt: new Date(),
  };
  emu.state.ports.set(port.id, port);
  return port;
}

export function releasePorts(emu: Emu, deviceId: string): void {
  for (const [id, p] of emu.state.ports) if (p.deviceId === deviceId) emu.state.ports.delete(id);
}
