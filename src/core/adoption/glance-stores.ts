import type { Cloud } from '../cloud/cloud.js';

export interface GlanceOffer {
  /** The cinder store's id on a multi-store Glance; undefined on a single-store one (its only store is the default). */
  cinderStore: string | undefined;
  copyImage: boolean;
}

/** What this Glance offers for adoption: GET /v2/info/stores (404 on single-store) and /v2/info/import. */
export async function glanceOffer(cloud: Cloud): Promise<GlanceOffer> {
  const [stores, methods] = await Promise.all([
    cloud.openstack.image.getStoresInfo().catch(() => []),
    cloud.openstack.image.getImportInfo().then(
      (i) => i.methods,
      () => [] as string[],
    ),
  ]);
  const cinder = stores.find((s) => s.type === 'cinder' || s.id === 'cinder');
  return { cinderStore: cinder?.id, copyImage: methods.includes('copy-image') && cinder !== undefined };
}
