import { LightbitsClient } from '../clients/lightbits/index.js';
import type { ServiceName } from '../clients/openstack/index.js';
import type { BlockopsConfig, LightbitsSettings } from '../config/index.js';
import type { Cloud } from '../core/cloud/cloud.js';
import { toOpsError } from '../core/errors/to-ops-error.js';

export interface Check {
  name: string;
  ok: boolean;
  /** 'warn' checks do not fail the doctor: things that work but will surprise someone. */
  level: 'ok' | 'warn' | 'fail';
  detail: string;
}

const SERVICES: [ServiceName, string][] = [
  ['glance', 'image'],
  ['cinder', 'volume'],
  ['nova', 'compute'],
  ['neutron', 'network'],
];

/** Checks the configured cloud end to end and says, in plain words, what is wrong and what to do. */
export async function runDoctor(
  config: BlockopsConfig,
  cloud: Cloud,
  lightbits: LightbitsSettings | undefined,
): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (name: string, level: Check['level'], detail: string) =>
    checks.push({ name, ok: level !== 'fail', level, detail });
  const attempt = async (name: string, fn: () => Promise<string | [Check['level'], string]>) => {
    try {
      const r = await fn();
      if (typeof r === 'string') add(name, 'ok', r);
      else add(name, r[0], r[1]);
    } catch (e) {
      add(name, 'fail', toOpsError(e).message);
    }
  };

  add(
    'configuration',
    'ok',
    cloud.emulated ? 'no cloud configured: using the built-in emulator' : `cloud at ${config.openstack?.authUrl}`,
  );
  const os = cloud.openstack;
  await attempt('keystone', async () => {
    const t = await os.session.authenticate();
    const who = `${t.user.name ?? t.user.id} in project ${t.project?.name ?? t.project?.id ?? '(unscoped)'}`;
    const admin = t.roles.some((r) => r === 'admin');
    const detail = `authenticated as ${who} (roles: ${t.roles.join(', ') || 'none'}); token valid until ${t.expiresAt.toISOString()}`;
    return admin
      ? detail
      : [
          'warn',
          `${detail}. Without the admin role blockops cannot see the Cinder store's image volumes (all_tenants).`,
        ];
  });
  if (checks.at(-1)?.level === 'fail') return checks;

  for (const [service, type] of SERVICES) {
    await attempt(`${service} endpoint`, async () => `${type}: ${await os.session.endpoint(service)}`);
  }
  await attempt('glance', async () => {
    const stores = await os.image.getStoresInfo().catch(() => []);
    for await (const _ of os.image.listImages({ limit: 1 })) break;
    const list = stores.map((s) => `${s.id}${s.isDefault ? ' (default)' : ''}`).join(', ');
    if (stores.length && !stores.some((s) => s.id === 'cinder' || s.type === 'cinder')) {
      return ['warn', `reachable; stores: ${list}. No cinder store: images will not be block-native.`];
    }
    return `reachable${list ? `; stores: ${list}` : ''}`;
  });
  await attempt('cinder', async () => {
    const types = await os.volume.listVolumeTypes();
    const mv = await os.session.microversion('cinder');
    if (!types.some((t) => t.name === cloud.volumeType)) {
      return [
        'fail',
        `volume type "${cloud.volumeType}" does not exist (types: ${types.map((t) => t.name).join(', ')}). Set BLOCKOPS_VOLUME_TYPE.`,
      ];
    }
    return `reachable at microversion ${mv}; volume type ${cloud.volumeType} exists`;
  });
  await attempt('nova', async () => {
    for await (const _ of os.compute.listFlavors()) break;
    return `reachable at microversion ${await os.session.microversion('nova')}`;
  });
  await attempt('neutron', async () => {
    let n = 0;
    for await (const _ of os.network.listNetworks({})) n++;
    return `reachable; ${n} network(s) visible`;
  });
  await lightbitsChecks(lightbits, cloud, add);
  return checks;
}

async function lightbitsChecks(
  lb: LightbitsSettings | undefined,
  cloud: Cloud,
  add: (n: string, l: Check['level'], d: string) => void,
) {
  if (!lb || !cloud.lightbits) {
    add('lightbits', 'warn', 'not configured (LIGHTBITS_API_ENDPOINTS): replica and failover checks are unavailable');
    return;
  }
  // Each endpoint alone, so one that is down shows even though the client would fail over past it.
  for (const endpoint of lb.endpoints) {
    try {
      const one = new LightbitsClient({ ...lb, endpoints: [endpoint] });
      const info = await one.clusterInfo();
      add(`lightbits ${endpoint}`, 'ok', `answers for cluster ${info.uuid}`);
    } catch (e) {
      add(
        `lightbits ${endpoint}`,
        'fail',
        `${toOpsError(e).message} Check LIGHTBITS_API_ENDPOINTS and that node's API service.`,
      );
    }
  }
  try {
    const vols = await cloud.lightbits.listVolumes();
    add('lightbits project', 'ok', `project ${lb.project}: ${vols.length} volume(s)`);
  } catch (e) {
    add('lightbits project', 'fail', `${toOpsError(e).message} Check LIGHTBITS_PROJECT and the JWT's scope.`);
  }
}
