import type { Image } from '../../clients/openstack/index.js';
import type { ErrorCode } from '../errors/codes.js';
import { OpsError } from '../errors/ops-error.js';
import type { Cloud } from './cloud.js';

type Kind = 'image' | 'volume' | 'server' | 'flavor' | 'network' | 'key pair';

const NOT_FOUND: Record<Kind, ErrorCode> = {
  image: 'IMAGE.NOT_FOUND',
  volume: 'VOLUME.NOT_FOUND',
  server: 'SERVER.NOT_FOUND',
  flavor: 'FLAVOR.NOT_FOUND',
  network: 'NETWORK.NOT_FOUND',
  'key pair': 'KEY_PAIR.NOT_FOUND',
};

const LIST_HINT: Record<Kind, string> = {
  image: 'list_images',
  volume: 'list_volumes',
  server: 'list_servers',
  flavor: '`openstack flavor list`',
  network: '`openstack network list`',
  'key pair': '`openstack keypair list`',
};

/** Turns "not found" into an OpsError that says where to look; the clients' ambiguity errors list candidates. */
export async function mustFind<T>(kind: Kind, ref: string, find: (ref: string) => Promise<T | undefined>): Promise<T> {
  const found = await find(ref);
  if (found === undefined) {
    throw new OpsError(
      NOT_FOUND[kind],
      `There is no ${kind} named or with id "${ref}". See ${LIST_HINT[kind]} for what exists.`,
      { details: { kind, ref } },
    );
  }
  return found;
}

export function resolveImage(cloud: Cloud, ref: string): Promise<Image> {
  return mustFind('image', ref, (r) => cloud.openstack.image.findImage(r));
}
