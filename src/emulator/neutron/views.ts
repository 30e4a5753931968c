import { isoZ } from '../respond.js';
import type { Network, Port, Subnet } from '../state/network.js';

export function networkView(n: Network, admin: boolean): Record<string, unknown> {
  const v: Record<string, unknown> = {
    admin_state_up: true,
    availability_zone_hints: [],
    availability_zones: ['nova'],
    created_at: isoZ(n.createdAt),
    description: '',
    id: n.id,
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    l2_adjacency: true,
    mtu: n.mtu,
    name: n.name,
    port_security_enabled: true,
    project_id: n.projectId,
    qos_policy_id: null,
    revision_number: 1,
    'router:external': n.external,
    shared: n.shared,
    status: 'ACTIVE',
    subnets: [...n.subnetIds],
    tags: [],
    tenant_id: n.projectId,
    updated_at: isoZ(n.createdAt),
  };
  if (n.external) v['is_default'] = false;
  if (admin) {
    v['provider:network_type'] = n.external ? 'flat' : 'vxlan';
    v['provider:physical_network'] = n.external ? 'public' : null;
    v['provider:segmentation_id'] = n.external ? null : 100 + (n.mtu % 7);
  }
  return v;
}

export function subnetView(s: Subnet): Record<string, unknown> {
  return {
    allocation_pools: [{ end: s.poolEnd, start: s.poolStart }],
    cidr: s.cidr,
    created_at: isoZ(s.createdAt),
    description: '',
    dns_nameservers: [],
    enable_dhcp: true,
    gateway_ip: s.gatewayIp,
    host_routes: [],
    id: s.id,
    ip_version: 4,
    ipv6_address_mode: null,
    ipv6_ra_mode: null,
    name: s.name,
    network_id: s.networkId,
    project_id: s.projectId,
    revision_number: 0,
    segment_id: null,
    service_types: [],
    subnetpool_id: null,
    tags: [],
    tenant_id: s.projectId,
    updated_at: isoZ(s.createdAt),
  };
}

export function portView(p: Port, securityGroupId: string | undefined): Record<string, unknown> {
  return {
    admin_state_up: true,
    allowed_address_pairs: [],
    'binding:vnic_type': 'normal',
    created_at: isoZ(p.createdAt),
    description: '',
    device_id: p.deviceId,
    device_owner: 'compute:nova',
    extra_dhcp_opts: [],
    fixed_ips: [{ ip_address: p.ip, subnet_id: p.subnetId }],
    id: p.id,
    mac_address: p.mac,
    name: '',
    network_id: p.networkId,
    port_security_enabled: true,
    project_id: p.projectId,
    revision_number: 2,
    security_groups: securityGroupId ? [securityGroupId] : [],
    status: 'ACTIVE',
    tags: [],
    tenant_id: p.projectId,
    updated_at: isoZ(p.createdAt),
  };
}
