import type { Image } from '../../clients/openstack/index.js';
import type { VerifyStep } from './schema.js';

/** The Glance side: is the image there and active, and in which store. */
export function glanceStep(image: Image): VerifyStep {
  return {
    step: 'glance',
    status: image.status === 'active' ? 'ok' : 'failed',
    detail: `Glance image ${image.name} is ${image.status}.`,
    facts: {
      ID: image.id,
      Name: image.name,
      Status: image.status,
      'Disk Format': image.diskFormat ?? null,
      'Container Format': image.containerFormat ?? null,
      Size: image.size ?? null,
      Stores: image.stores.join(','),
      Owner: image.owner ?? null,
    },
  };
}
