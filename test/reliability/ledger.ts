import type { App } from '../../src/app/app.js';
import { collect } from '../../src/clients/openstack/index.js';
import { verifyAuditChain } from '../../src/core/audit/verify.js';

export interface CloudIds {
  volumes: Set<string>;
  servers: Set<string>;
  images: Set<string>;
}

/** Every volume, server and image the cloud shows blockops' admin, by id. */
export async function cloudIds(app: App): Promise<CloudIds> {
  const { openstack } = await app.cloud();
  const [volumes, servers, images] = await Promise.all([
    collect(openstack.volume.listVolumes({ allTenants: true })),
    collect(openstack.compute.listServers({ allTenants: true })),
    collect(openstack.image.listImages()),
  ]);
  return {
    volumes: new Set(volumes.map((v) => v.id)),
    servers: new Set(servers.map((s) => s.id)),
    images: new Set(images.map((i) => i.id)),
  };
}

/**
 * What the cloud has now that it did not have before and that no request records (in its result, leftovers,
 * checkpoint or error): the resources blockops made and lost track of. Image volumes (`image-<id>`) belong to
 * their image and are not counted on their own.
 */
export async function unrecorded(app: App, before: CloudIds): Promise<string[]> {
  const now = await cloudIds(app);
  const rows = await app.services.store.requests.list({ limit: 1000 });
  const said = JSON.stringify(rows.map((r) => [r.result, r.leftovers, r.checkpoint, r.error]));
  const { openstack } = await app.cloud();
  const out: string[] = [];
  for (const [kind, ids] of Object.entries(now) as [keyof CloudIds, Set<string>][]) {
    for (const id of ids) {
      if (before[kind].has(id) || said.includes(id)) continue;
      if (kind === 'volumes') {
        const v = await openstack.volume.getVolume(id).catch(() => undefined);
        if (!v || v.name.startsWith('image-') || ['deleting', 'deleted'].includes(v.status)) continue;
      }
      if (kind === 'servers') {
        const s = await openstack.compute.getServer(id).catch(() => undefined);
        if (!s || ['DELETED', 'SOFT_DELETED'].includes(s.status)) continue;
      }
      out.push(`${kind.slice(0, -1)} ${id}`);
    }
  }
  return out;
}

/** Fails unless the audit chain verifies from the first record to the last. */
export async function assertAuditClean(app: App): Promise<void> {
  const result = await verifyAuditChain(app.services.store, { keys: [app.services.auditKey] });
  if (!result.ok) throw new Error(`audit verify failed: ${JSON.stringify(result).slice(0, 300)}`);
}
