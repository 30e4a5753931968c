import type { Image } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import { OpsError } from '../errors/ops-error.js';
import type { AdoptImageInput } from './adopt-schema.js';

/** Refuses deleting an original that volumes or servers were made from, unless the caller said so explicitly. */
export function assertMayRetire(
  image: Pick<Image, 'id' | 'name'>,
  input: Pick<AdoptImageInput, 'retire' | 'allow_delete_in_use'>,
  used: { volumes: number; servers: number },
): void {
  if (input.retire !== 'delete' || input.allow_delete_in_use) return;
  if (used.volumes || used.servers) {
    throw new OpsError(
      'ADOPT.IN_USE',
      `Image ${image.name} (${image.id}) has ${used.volumes} volume(s) and ${used.servers} server(s) made from it: ` +
        'blockops will not delete it. Use retire=hide or deactivate, or allow_delete_in_use=true if you mean it.',
      { details: used },
    );
  }
}

/** The original after adoption, as the policy says. */
export async function retireOriginal(cloud: Cloud, image: Image, policy: AdoptImageInput['retire']): Promise<string> {
  switch (policy) {
    case 'keep':
      return 'kept as it was';
    case 'hide':
      await cloud.openstack.image.updateImage(image.id, [{ op: 'replace', path: '/os_hidden', value: true }]);
      return 'hidden (os_hidden=true): still usable by id, no longer listed';
    case 'deactivate':
      await cloud.openstack.image.deactivateImage(image.id);
      return 'deactivated: its data can no longer be downloaded or used for new volumes';
    case 'delete':
      await cloud.openstack.image.deleteImage(image.id);
      return 'deleted';
  }
}
