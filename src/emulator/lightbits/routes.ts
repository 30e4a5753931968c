import { newSnapshotFrom, newVolumeFrom, parseJsonBody, volumeChangeFrom } from './bodies.js';
import { badRequest, LightbitsApiError } from './errors.js';
import { listEvents, listSnapshots, listVolumes } from './listing.js';
import { clusterInfoJson, nodeJson, snapshotJson, volumeJson } from './render.js';
import { createSnapshot, deleteSnapshot, getSnapshot, getSnapshotByName } from './snapshots.js';
import type { ClusterState } from './state.js';
import { clusterHealth, clusterStatistics } from './statistics.js';
import { createVolume, deleteVolume, getVolume, getVolumeByName, updateVolume } from './volumes.js';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  ifMatch: string | undefined;
}

export type ApiReply = { status: number; json: unknown } | { status: number; text: string };

type Handler = (s: ClusterState, r: ApiRequest, m: string[]) => unknown;

const P = '/api/v2/projects/([^/]+)';
/** Routes of the REST API v2 that blockops and the Cinder driver use (bindings from durosapiv2.proto). */
const ROUTES: Array<[string, RegExp, Handler]> = [
  ['GET', /^\/api\/v2\/clusterinfo$/, (s) => clusterInfoJson(s)],
  [
    'GET',
    /^\/api\/v2\/cluster$/,
    (s) => ({ ...clusterInfoJson(s), statistics: clusterStatistics(s), health: clusterHealth(s) }),
  ],
  ['GET', /^\/api\/v2\/nodes$/, (s, r) => ({ nodes: s.nodes.filter((n) => matchesNode(n, r.query)).map(nodeJson) })],
  ['GET', /^\/api\/v2\/nodes\/([^/]+)$/, (s, _r, m) => nodeJson(s.node(m[0]!))],
  ['GET', /^\/api\/v2\/events$/, (s, r) => listEvents(s, r.query)],
  ['GET', new RegExp(`^${P}/events$`), (s, r) => listEvents(s, r.query)],
  ['GET', new RegExp(`^${P}/volumes$`), (s, r, m) => listVolumes(s, m[0], r.query)],
  ['POST', new RegExp(`^${P}/volumes$`), (s, r, m) => volumeJson(s, createVolume(s, newVolumeFrom(body(r), m[0]!)))],
  ['GET', new RegExp(`^${P}/volumes/([^/]*)$`), (s, r, m) => volumeJson(s, findVolume(s, m[0]!, m[1]!, r))],
  ['PUT', new RegExp(`^${P}/volumes/([^/]+)$`), (s, r, m) => putVolume(s, m[0]!, m[1]!, r)],
  ['DELETE', new RegExp(`^${P}/volumes/([^/]+)$`), (s, r, m) => deleteVolume(s, getVolume(s, m[0]!, m[1]!), r.ifMatch)],
  ['GET', new RegExp(`^${P}/snapshots$`), (s, r, m) => listSnapshots(s, m[0]!, r.query)],
  [
    'POST',
    new RegExp(`^${P}/snapshots$`),
    (s, r, m) => snapshotJson(s, createSnapshot(s, newSnapshotFrom(body(r), m[0]!))),
  ],
  ['GET', new RegExp(`^${P}/snapshots/([^/]*)$`), (s, r, m) => snapshotJson(s, findSnapshot(s, m[0]!, m[1]!, r))],
  [
    'DELETE',
    new RegExp(`^${P}/snapshots/([^/]+)$`),
    (s, r, m) => deleteSnapshot(s, getSnapshot(s, m[0]!, m[1]!), r.ifMatch),
  ],
  // Admin bindings without the project in the path (used by Lightbits' Proxmox plugin): ?projectName=…
  ['GET', /^\/api\/v2\/volumes$/, (s, r) => listVolumes(s, r.query.get('projectName') || undefined, r.query)],
  ['GET', /^\/api\/v2\/volumes\/([^/]*)$/, (s, r, m) => volumeJson(s, findVolume(s, project(s, r, m[0]!), m[0]!, r))],
  ['PUT', /^\/api\/v2\/volumes\/([^/]+)$/, (s, r, m) => putVolume(s, project(s, r, m[0]!), m[0]!, r)],
];

/** Routes first (an unknown path is grpc-gateway's plain-text 404), then the JWT, then the call. */
export function route(s: ClusterState, jwt: string, authorization: string | undefined, r: ApiRequest): ApiReply {
  for (const [method, pattern, handler] of ROUTES) {
    const m = pattern.exec(r.path);
    if (!m || method !== r.method) continue;
    if (jwt && authorization !== `Bearer ${jwt}`) {
      return reply(new LightbitsApiError(401, 'authentication failed: missing or invalid JWT'));
    }
    try {
      const result = handler(s, r, m.slice(1).map(decodeURIComponent));
      return { status: 200, json: result ?? {} };
    } catch (err) {
      if (err instanceof LightbitsApiError) return reply(err);
      throw err;
    }
  }
  return { status: 404, text: 'Not Found\n' };
}

function reply(err: LightbitsApiError): ApiReply {
  return { status: err.status, json: err.toJSON() };
}

function body(r: ApiRequest) {
  return parseJsonBody(r.body);
}

/** GetVolume by UUID, or by `?name=` when the UUID segment is empty (the driver's `volumes/?name=`). */
function findVolume(s: ClusterState, project: string, uuid: string, r: ApiRequest) {
  if (uuid) return getVolume(s, project, uuid);
  const name = r.query.get('name');
  if (!name) throw badRequest('either UUID or name must be provided');
  return getVolumeByName(s, project, name);
}

function findSnapshot(s: ClusterState, project: string, uuid: string, r: ApiRequest) {
  if (uuid) return getSnapshot(s, project, uuid);
  const name = r.query.get('Name');
  if (!name) throw badRequest('either UUID or Name must be provided');
  return getSnapshotByName(s, project, name);
}

/** UpdateVolume answers an empty UpdateVolumeResponse. */
function putVolume(s: ClusterState, project: string, uuid: string, r: ApiRequest): Record<string, never> {
  const b = body(r);
  if (b['UUID'] && b['UUID'] !== uuid) throw badRequest('UUID in the body differs from the one in the path');
  updateVolume(s, getVolume(s, project, uuid), volumeChangeFrom(b), r.ifMatch);
  return {};
}

function project(s: ClusterState, r: ApiRequest, uuid: string): string {
  return r.query.get('projectName') || s.volumes.get(uuid)?.project || 'default';
}

function matchesNode(n: { name: string; uuid: string; hostname: string }, q: URLSearchParams): boolean {
  const name = q.get('name') ?? q.get('Name');
  const uuid = q.get('UUID');
  const fd = q.get('failureDomain') ?? q.get('FailureDomain');
  return (!name || n.name === name) && (!uuid || n.uuid === uuid) && (!fd || n.hostname === fd);
}
