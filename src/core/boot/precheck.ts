import type { Cloud } from '../cloud/cloud.js';
import * as refer from '../cloud/references.js';
import type { Precheck, Resolved } from '../engine/operation.js';
import type { BootServerInput } from './schema.js';

/**
 * Before anyone is asked to approve a boot: the volume is available and bootable, and the flavor, network and
 * key pair exist. Without a network the server lands on `auto`, which the policy's allowed_networks must allow.
 */
export async function precheckBoot(cloud: Cloud, input: BootServerInput): Promise<Precheck> {
  const resolved: Record<string, Resolved> = {
    volume: await refer.bootableVolume(cloud, input.volume),
    flavor: await refer.flavor(cloud, input.flavor),
  };
  if (input.network !== undefined) resolved['network'] = await refer.network(cloud, input.network);
  if (input.key_name !== undefined) resolved['key_name'] = await refer.keyPair(cloud, input.key_name);
  return { resolved, effective: { network: resolved['network']?.name ?? 'auto' } };
}
