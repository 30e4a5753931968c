import { isAdminToken } from '../keystone/tokens.js';
import { atLeast } from '../microversion.js';
import { isoSeconds, isoZ } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Server } from '../state/compute.js';
import { novaLinks } from './flavors.js';

const PROGRESS_STATES = ['ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE', 'MIGRATING'];

function addresses(server: Server): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const nic of server.nics) {
    const list = out[nic.networkName] ?? [];
    list.push({ 'OS-EXT-IPS-MAC:mac_addr': nic.mac, 'OS-EXT-IPS:type': 'fixed', addr: nic.ip, version: 4 });
    out[nic.networkName] = list;
  }
  return out;
}

function flavorView(ctx: Ctx, server: Server): unknown {
  const f = server.flavor;
  if (!atLeast(ctx, 2, 47)) return { id: f.id, links: novaLinks(ctx, 'flavors', f.id).slice(1) };
  return {
    disk: f.disk,
    ephemeral: f.ephemeral,
    extra_specs: { ...f.extraSpecs },
    original_name: f.name,
    ram: f.ram,
    swap: f.swap,
    vcpus: f.vcpus,
  };
}

function hostStatus(ctx: Ctx, server: Server): string {
  if (!server.host) return '';
  const svc = ctx.emu.state.services.find((s) => s.binary === 'nova-compute' && s.host === server.host);
  if (!svc) return 'UNKNOWN';
  if (svc.status === 'disabled') return 'MAINTENANCE';
  return svc.state === 'up' ? 'UP' : 'DOWN';
}

/** A server as Nova shows it, field by field gated on microversion and role like nova/api/openstack/compute/views. */
/** `single`: GET /servers/{id}; Nova adds server_groups there only, not to list/detail. */
export function serverView(ctx: Ctx, server: Server, single = false): Record<string, unknown> {
  const admin = !!ctx.token && isAdminToken(ctx.emu, ctx.token);
  const v: Record<string, unknown> = {
    'OS-DCF:diskConfig': 'MANUAL',
    'OS-EXT-AZ:availability_zone': server.availabilityZone,
    'OS-EXT-STS:power_state': server.powerState,
    'OS-EXT-STS:task_state': server.taskState,
    'OS-EXT-STS:vm_state': server.vmState,
    'OS-SRV-USG:launched_at': server.launchedAt ? isoSeconds(server.launchedAt) : null,
    'OS-SRV-USG:terminated_at': null,
    accessIPv4: '',
    accessIPv6: '',
    addresses: addresses(server),
    config_drive: '',
    created: isoZ(server.createdAt),
    flavor: flavorView(ctx, server),
    hostId: server.hostId,
    id: server.id,
    image: server.imageId
      ? {
          id: server.imageId,
          links: [{ href: `${ctx.emu.config.baseUrl}/compute/images/${server.imageId}`, rel: 'bookmark' }],
        }
      : '',
    key_name: server.keyName,
    links: novaLinks(ctx, 'servers', server.id),
    metadata: { ...server.metadata },
    name: server.name,
    'os-extended-volumes:volumes_attached': server.volumes.map((vol) =>
      atLeast(ctx, 2, 79) ? { delete_on_termination: vol.deleteOnTermination, id: vol.id } : { id: vol.id },
    ),
    status: server.status,
    tenant_id: server.projectId,
    updated: isoZ(server.updatedAt),
    user_id: server.userId,
  };
  if (PROGRESS_STATES.includes(server.status)) v['progress'] = 0;
  if (server.securityGroups.length > 0) v['security_groups'] = server.securityGroups.map((name) => ({ name }));
  if (server.fault) {
    const f = server.fault;
    v['fault'] = { code: f.code, created: isoZ(f.created), message: f.message };
    if (admin || f.code !== 500) (v['fault'] as Record<string, unknown>)['details'] = f.details;
  }
  if (admin) {
    v['OS-EXT-SRV-ATTR:host'] = server.host;
    v['OS-EXT-SRV-ATTR:hypervisor_hostname'] = server.host;
    v['OS-EXT-SRV-ATTR:instance_name'] = server.instanceName;
  }
  if (admin && atLeast(ctx, 2, 3)) {
    Object.assign(v, {
      'OS-EXT-SRV-ATTR:kernel_id': '',
      'OS-EXT-SRV-ATTR:launch_index': 0,
      'OS-EXT-SRV-ATTR:ramdisk_id': '',
      'OS-EXT-SRV-ATTR:reservation_id': server.reservationId,
      'OS-EXT-SRV-ATTR:root_device_name': server.volumes.length > 0 ? '/dev/sda' : '/dev/vda',
      'OS-EXT-SRV-ATTR:user_data': server.userData,
    });
  }
  if ((admin && atLeast(ctx, 2, 3)) || atLeast(ctx, 2, 90)) v['OS-EXT-SRV-ATTR:hostname'] = hostnameOf(server.name);
  if (atLeast(ctx, 2, 9)) v['locked'] = server.locked;
  if (admin && atLeast(ctx, 2, 16)) v['host_status'] = hostStatus(ctx, server);
  if (atLeast(ctx, 2, 19)) v['description'] = server.description;
  if (atLeast(ctx, 2, 26)) v['tags'] = [...server.tags];
  if (atLeast(ctx, 2, 63)) v['trusted_image_certificates'] = null;
  if (single && atLeast(ctx, 2, 71)) v['server_groups'] = [];
  if (atLeast(ctx, 2, 73)) v['locked_reason'] = null;
  return v;
}

/** Nova's hostname sanitising: lower case, letters, digits and dashes, at most 63 characters. */
export function hostnameOf(name: string): string {
  const h = name
    .toLowerCase()
    .replace(/[ _]/g, '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^[.-]+|[.-]+$/g, '')
    .slice(0, 63);
  return h || 'server';
}

export function serverBrief(ctx: Ctx, server: Server): Record<string, unknown> {
  return { id: server.id, links: novaLinks(ctx, 'servers', server.id), name: server.name };
}
