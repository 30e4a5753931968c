import type { Image } from '../../clients/openstack/index.js';
import { waitFor } from '../../clients/openstack/wait.js';
import type { Cloud } from '../cloud/cloud.js';

/** After a PUT Glance is active at once; an import may download and convert for a long time. */
export const ACTIVE_TIMEOUT_MS = { upload: 15 * 60_000, import: 60 * 60_000 } as const;

/**
 * Polls the image until it is active; killed, deleted, or a failed import (Glance puts the image back to
 * queued and names the store in os_glance_failed_import) end the wait with an error.
 */
export async function waitForActive(
  cloud: Cloud,
  imageId: string,
  opts: { timeoutMs: number; signal?: AbortSignal | undefined; onStatus?: (status: string) => void },
): Promise<Image> {
  const { resource } = await waitFor(() => cloud.openstack.image.getImage(imageId), {
    status: (i) => (failedImport(i) ? 'import-failed' : i.status),
    target: ['active'],
    failures: ['killed', 'deleted', 'pending_delete', 'deactivated', 'import-failed'],
    timeoutMs: opts.timeoutMs,
    intervalMs: cloud.pollMs,
    signal: opts.signal,
    resource: `image ${imageId}`,
    detail: (i) => (failedImport(i) ? `the import into ${failedImport(i)} failed` : undefined),
    onStatus: (s) => opts.onStatus?.(s),
  });
  return resource;
}

function failedImport(i: Image): string | undefined {
  const v = i.properties['os_glance_failed_import'];
  return typeof v === 'string' && v.trim() ? v : undefined;
}
