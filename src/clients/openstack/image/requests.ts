// Glance v2 request bodies: camelCase input → wire names.

/** createImage input → POST /v2/images body. */
export interface ImageCreate {
  name: string;
  diskFormat: string;
  containerFormat: string;
  id?: string;
  visibility?: 'public' | 'private' | 'shared' | 'community';
  minDisk?: number;
  minRam?: number;
  protected?: boolean;
  tags?: string[];
  /** Extra image properties (Glance wants string values). */
  properties?: Record<string, string>;
}

export function imageCreateBody(i: ImageCreate): Record<string, unknown> {
  const body: Record<string, unknown> = { ...i.properties, name: i.name };
  body['disk_format'] = i.diskFormat;
  body['container_format'] = i.containerFormat;
  if (i.id !== undefined) body['id'] = i.id;
  if (i.visibility !== undefined) body['visibility'] = i.visibility;
  if (i.minDisk !== undefined) body['min_disk'] = i.minDisk;
  if (i.minRam !== undefined) body['min_ram'] = i.minRam;
  if (i.protected !== undefined) body['protected'] = i.protected;
  if (i.tags !== undefined) body['tags'] = i.tags;
  return body;
}

/** One JSON-patch operation of PATCH /v2/images/{id} (paths like /name, /min_disk, /hw_disk_bus). */
export type ImagePatchOp = { op: 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string };

export type ImageImport =
  | { method: 'web-download'; uri: string }
  | { method: 'glance-direct' }
  | { method: 'copy-image' };

export function imageImportBody(
  i: ImageImport,
  o: { stores?: string[]; allStores?: boolean; allStoresMustSucceed?: boolean },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    method: i.method === 'web-download' ? { name: i.method, uri: i.uri } : { name: i.method },
  };
  if (o.stores) body['stores'] = o.stores;
  if (o.allStores !== undefined) body['all_stores'] = o.allStores;
  if (o.allStoresMustSucceed !== undefined) body['all_stores_must_succeed'] = o.allStoresMustSucceed;
  return body;
}
