import { canSeeImage } from '../glance/access.js';
import { atLeast } from '../microversion.js';
import { pyRepr } from '../pyrepr.js';
import { httpError, isRecord } from '../respond.js';
import type { Ctx } from '../router.js';
import type { Flavor } from '../state/compute.js';
import type { Image } from '../state/images.js';
import type { Network } from '../state/network.js';
import { type Bdm, bdmInvalid, parseBdm } from './bdm.js';
import { findFlavor } from './flavors.js';

export interface BootRequest {
  name: string;
  flavor: Flavor;
  image: Image | null;
  keyName: string | null;
  networks: Network[];
  bdms: Bdm[];
  metadata: Record<string, string>;
  userData: string | null;
  description: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(field: string, value: unknown, why: string) {
  const shown = typeof value === 'string' ? value : pyRepr(value);
  return httpError(400, `Invalid input for field/attribute ${field}. Value: ${shown}. ${why}`);
}

/** The schema part of `networks`, checked before anything is looked up. */
function checkNetworksSchema(ctx: Ctx, s: Record<string, unknown>): void {
  const raw = s['networks'];
  if (raw === undefined && atLeast(ctx, 2, 37)) throw invalid('server', s, "'networks' is a required property");
  if (typeof raw === 'string' && !atLeast(ctx, 2, 37))
    throw invalid('networks', raw, `'${raw}' is not of type 'array'`);
  if (typeof raw === 'string' && raw !== 'none' && raw !== 'auto') {
    throw invalid('networks', raw, `'${raw}' is not one of ['none', 'auto']`);
  }
  if (raw !== undefined && typeof raw !== 'string' && !Array.isArray(raw)) {
    throw invalid('networks', raw, `${pyRepr(raw)} is not of type 'array'`);
  }
}

function parseNetworks(ctx: Ctx, s: Record<string, unknown>): Network[] {
  const raw = s['networks'];
  const nets = ctx.emu.state.networks;
  const isPrivate = (n: Network) => !n.external && (n.shared || n.projectId === ctx.token?.projectId);
  if (raw === 'none') return [];
  if (raw === undefined || raw === 'auto' || !Array.isArray(raw))
    return [...nets.values()].filter(isPrivate).slice(0, 1);
  return raw.map((n) => {
    const id = isRecord(n) ? n['uuid'] : undefined;
    if (typeof id !== 'string' || !UUID_RE.test(id))
      throw invalid('networks/uuid', id, `${pyRepr(id)} is not a 'uuid'`);
    const net = nets.get(id);
    if (!net || !(net.shared || net.external || net.projectId === ctx.token?.projectId)) {
      throw httpError(400, `Network ${id} could not be found.`);
    }
    return net;
  });
}

/** Validates POST /servers in Nova's order: schema, flavor, image/BDMs, key pair, networks. Changes nothing. */
export function parseBootRequest(ctx: Ctx, body: unknown): BootRequest {
  if (!isRecord(body) || !isRecord(body['server']))
    throw invalid('server', body ?? null, "'server' is a required property");
  const s = body['server'];
  const name = s['name'];
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255)
    throw invalid('name', name, `${pyRepr(name)} is not a valid server name`);
  if (typeof s['flavorRef'] !== 'string' && typeof s['flavorRef'] !== 'number')
    throw invalid('server', s, "'flavorRef' is a required property");
  const rawBdms = s['block_device_mapping_v2'] ?? [];
  if (!Array.isArray(rawBdms)) throw invalid('block_device_mapping_v2', rawBdms, "is not of type 'array'");
  checkNetworksSchema(ctx, s);
  const flavorRef = String(s['flavorRef']);
  const flavor = findFlavor(ctx, flavorRef);
  if (!flavor) throw httpError(400, `Flavor ${flavorRef} could not be found.`);
  const bdms = rawBdms.map((b) => parseBdm(ctx, b));
  const imageRef =
    typeof s['imageRef'] === 'string' && s['imageRef'] !== '' ? (s['imageRef'].split('/').pop() ?? '') : null;
  let image: Image | null = null;
  if (imageRef) {
    const found = ctx.emu.state.images.get(imageRef);
    if (!found || !ctx.token || !canSeeImage(ctx.emu, ctx.token, found))
      throw httpError(400, `Image ${imageRef} could not be found.`);
    if (found.status !== 'active') throw httpError(400, `Image ${imageRef} is not active.`);
    if (flavor.disk > 0 && (found.size ?? 0) > flavor.disk * 1024 ** 3) {
      throw httpError(
        400,
        `Flavor's disk is too small for requested image. Flavor disk is ${flavor.disk * 1024 ** 3} bytes, image is ${found.size} bytes.`,
      );
    }
    image = found;
  } else if (!bdms.some((b) => b.bootIndex === 0)) {
    throw bdmInvalid('Boot sequence for the instance and image/block device mapping combination is not valid.');
  }
  const keyName = typeof s['key_name'] === 'string' ? s['key_name'] : null;
  if (keyName && !ctx.emu.state.keypairs.has(`${ctx.token?.userId}:${keyName}`))
    throw httpError(400, 'Invalid key_name provided.');
  const networks = parseNetworks(ctx, s);
  const metadata = isRecord(s['metadata'])
    ? Object.fromEntries(Object.entries(s['metadata']).map(([k, v]) => [k, String(v)]))
    : {};
  return {
    name,
    flavor,
    image,
    keyName,
    networks,
    bdms,
    metadata,
    userData: typeof s['user_data'] === 'string' ? s['user_data'] : null,
    description: atLeast(ctx, 2, 19) && typeof s['description'] === 'string' ? s['description'] : null,
  };
}
