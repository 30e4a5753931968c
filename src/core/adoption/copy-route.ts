import type { Image } from '../../clients/openstack/index.js';
import { waitFor } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import type { OperationContext } from '../engine/operation.js';
import { OpsError } from '../errors/ops-error.js';

const COPY_TIMEOUT_MS = 60 * 60_000;

/**
 * Glance's interoperable copy-image: the raw+bare image itself gains a location in the cinder store (same id, so
 * nothing that refers to it changes). Waits until Glance lists the store and no longer says it is importing.
 */
export async function copyImageIntoStore(
  cloud: Cloud,
  image: Image,
  store: string,
  ctx: Pick<OperationContext, 'progress' | 'signal'>,
): Promise<Image> {
  ctx.progress({ message: `Asking Glance to copy image ${image.name} into the ${store} store (copy-image)` });
  await cloud.openstack.image.importImage(image.id, { method: 'copy-image' }, { stores: [store] });
  const state = (i: Image) => {
    const failed = String(i.properties['os_glance_failed_import'] ?? '').split(',');
    if (failed.includes(store)) return 'failed';
    const importing = String(i.properties['os_glance_importing_to_stores'] ?? '').split(',');
    return i.stores.includes(store) && !importing.includes(store) ? 'copied' : 'copying';
  };
  const { resource } = await waitFor(() => cloud.openstack.image.getImage(image.id), {
    status: state,
    target: ['copied'],
    failures: ['failed'],
    timeoutMs: COPY_TIMEOUT_MS,
    intervalMs: cloud.pollMs,
    signal: ctx.signal,
    resource: `image ${image.id}`,
    onStatus: (s) => ctx.progress({ message: `Image ${image.name}: ${s} into ${store}` }),
  }).catch((e: unknown) => {
    throw new OpsError('ADOPT.CONVERT_FAILED', `Glance's copy-image of ${image.id} into ${store} did not finish.`, {
      cause: e,
    });
  });
  return resource;
}
