import type { Image } from '../../clients/openstack/index.js';
import type { Cloud } from '../cloud/cloud.js';
import type { VisibleVolumes } from './classify.js';

/** Glance's and Cinder's usual page cap (api_limit_max, osapi_max_limit): fewest round trips on thousands. */
const PAGE = 1000;

export interface FleetFilters {
  visibility: string;
  owner?: string | undefined;
  status: string;
}

/** Every image matching the filters, page by page. */
export async function readImages(cloud: Cloud, f: FleetFilters): Promise<Image[]> {
  const out: Image[] = [];
  const filters = { limit: PAGE, status: f.status, visibility: f.visibility, owner: f.owner };
  for await (const i of cloud.openstack.image.listImages(filters)) out.push(i);
  return out;
}

/**
 * Every volume blockops may see: all projects' when it is admin (the store's image-<ID> volumes belong to the
 * service project), else its own project's, and the assessment says the counts are partial.
 */
export async function readVolumes(cloud: Cloud): Promise<VisibleVolumes> {
  try {
    return { volumes: await collect(cloud, true), allProjects: true };
  } catch (e) {
    if ((e as { status?: number }).status !== 403) throw e;
    return { volumes: await collect(cloud, false), allProjects: false };
  }
}

async function collect(cloud: Cloud, allTenants: boolean) {
  const out = [];
  for await (const v of cloud.openstack.volume.listVolumes({ allTenants, limit: PAGE })) out.push(v);
  return out;
}
