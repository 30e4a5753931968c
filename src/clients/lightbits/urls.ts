/** Paths of the Lightbits REST API v2, spelled exactly as cinder/volume/drivers/lightos.py spells them. */
const seg = encodeURIComponent;

export const clusterInfoPath = () => '/api/v2/clusterinfo';
export const clusterPath = () => '/api/v2/cluster';
export const nodesPath = () => '/api/v2/nodes';
export const nodePath = (uuid: string) => `/api/v2/nodes/${seg(uuid)}`;
export const eventsPath = (query: string) => `/api/v2/events${query}`;

export const volumesPath = (project: string) => `/api/v2/projects/${seg(project)}/volumes`;
export const volumePath = (project: string, uuid: string) => `${volumesPath(project)}/${seg(uuid)}`;
/** GetVolume by name: the trailing slash leaves the UUID segment empty; the answer is one volume or 404. */
export const volumeByNamePath = (project: string, name: string) => `${volumesPath(project)}/?name=${seg(name)}`;

export const snapshotsPath = (project: string) => `/api/v2/projects/${seg(project)}/snapshots`;
export const snapshotPath = (project: string, uuid: string) => `${snapshotsPath(project)}/${seg(uuid)}`;
/** GetSnapshot by name; the query parameter is `Name` (capital N, GetSnapshotRequest.Name). */
export const snapshotByNamePath = (project: string, name: string) => `${snapshotsPath(project)}/?Name=${seg(name)}`;

export function query(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${seg(k)}=${seg(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
