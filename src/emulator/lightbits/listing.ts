import { badRequest } from './errors.js';
import { eventJson, snapshotJson, volumeJson } from './render.js';
import type { ClusterState } from './state.js';

/** "Limits the number of volumes in the response (default/maximum value is 1000 volumes)." */
const MAX_PAGE = 1000;

/** ListVolumes: filters name/UUID/snapshotUUID, pages by offsetUUID + limit, hides Deleting unless showAll. */
export function listVolumes(s: ClusterState, project: string | undefined, q: URLSearchParams) {
  if (project) s.requireProject(project);
  const name = q.get('name');
  const uuid = q.get('UUID');
  const snapshotUuid = q.get('snapshotUUID');
  const showAll = q.get('showAll') === 'true';
  const all = [...s.volumes.values()].filter(
    (v) =>
      (!project || v.project === project) &&
      (!name || v.name === name) &&
      (!uuid || v.uuid === uuid) &&
      (!snapshotUuid || v.sourceSnapshotUuid === snapshotUuid) &&
      (showAll || v.state !== 'Deleting'),
  );
  return { volumes: page(all, q).map((v) => volumeJson(s, v)) };
}

export function listSnapshots(s: ClusterState, project: string, q: URLSearchParams) {
  s.requireProject(project);
  const name = q.get('Name');
  const uuid = q.get('UUID');
  const showAll = q.get('showAll') === 'true';
  const all = [...s.snapshots.values()].filter(
    (x) =>
      x.project === project &&
      (!name || x.name === name) &&
      (!uuid || x.uuid === uuid) &&
      (showAll || x.state !== 'Deleting'),
  );
  return { snapshots: page(all, q).map((x) => snapshotJson(s, x)) };
}

/** ListEvents: since/until (ISO-8601 UTC), limit, nextToken (the ID of the first event to return). */
export function listEvents(s: ClusterState, q: URLSearchParams) {
  const since = time(q.get('since'));
  const until = time(q.get('until'));
  let events = s.events.filter(
    (e) => (since === undefined || Date.parse(e.Time) >= since) && (until === undefined || Date.parse(e.Time) <= until),
  );
  const token = q.get('nextToken');
  if (token)
    events = events.slice(
      Math.max(
        0,
        events.findIndex((e) => e.ID === token),
      ),
    );
  const limit = Number(q.get('limit')) || events.length;
  const next = events[limit];
  return { events: events.slice(0, limit).map(eventJson), ...(next && { nextToken: next.ID }) };
}

function page<T extends { uuid: string }>(items: T[], q: URLSearchParams): T[] {
  const raw = q.get('limit');
  const limit = raw ? Number(raw) : MAX_PAGE;
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit ${raw}`);
  const offset = q.get('offsetUUID');
  const start = offset ? items.findIndex((x) => x.uuid === offset) + 1 : 0;
  if (offset && start === 0) throw badRequest(`offsetUUID ${offset} not found`);
  return items.slice(start, start + Math.min(limit || MAX_PAGE, MAX_PAGE));
}

function time(v: string | null): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw badRequest(`invalid timestamp ${v}; use ISO-8601 UTC, e.g. 2000-01-01T12:00:00.000Z`);
  return t;
}
