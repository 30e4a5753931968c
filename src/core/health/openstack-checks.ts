import type { OpenStack } from '../../clients/openstack/index.js';
import type { GlanceHealth, OpenStackService, ServicesHealth } from './schema.js';
import { settle } from './settle.js';

interface ServiceRecord {
  binary: string;
  host: string;
  zone: string | undefined;
  status: string;
  state: string;
  updatedAt: string | undefined;
  disabledReason: string | undefined;
}

/** Cinder's os-services: cinder-volume backends (host@backend) first, then the others. */
export async function checkCinder(os: OpenStack, timeoutMs?: number): Promise<ServicesHealth> {
  return services(await settle('Cinder services', () => os.volume.listServices(), timeoutMs), 'cinder-volume');
}

/** Nova's os-services: nova-compute hosts first, then the others. */
export async function checkNova(os: OpenStack, timeoutMs?: number): Promise<ServicesHealth> {
  return services(await settle('Nova services', () => os.compute.listServices(), timeoutMs), 'nova-compute');
}

/** Glance answers a list of one image: reachable and signed in, at the cost of one small request. */
export async function checkGlance(os: OpenStack, timeoutMs?: number): Promise<GlanceHealth> {
  const r = await settle(
    'Glance',
    async () => {
      for await (const _ of os.image.listImages({ limit: 1 })) break;
    },
    timeoutMs,
  );
  return r.ok ? { status: 'ok' } : { status: 'error', error: r.error };
}

function services(
  r: { ok: true; value: ServiceRecord[] } | { ok: false; error: ServicesHealth['error'] & {} },
  first: string,
): ServicesHealth {
  if (!r.ok) return { status: 'error', services: [], error: r.error };
  const list = r.value.map(serviceView);
  list.sort((a, b) => Number(b.binary === first) - Number(a.binary === first) || a.binary.localeCompare(b.binary));
  return { status: 'ok', services: list };
}

function serviceView(s: ServiceRecord): OpenStackService {
  return {
    binary: s.binary,
    host: s.host,
    ...(s.zone ? { zone: s.zone } : {}),
    status: s.status,
    state: s.state,
    ...(s.updatedAt ? { updated_at: s.updatedAt } : {}),
    ...(s.disabledReason ? { disabled_reason: s.disabledReason } : {}),
  };
}
