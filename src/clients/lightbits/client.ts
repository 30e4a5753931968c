import { toClusterDetails, toClusterInfo, toEvent, toNode, toSnapshot, toVolume } from './normalize.js';
import { LightbitsReader } from './reader.js';
import {
  type CreateSnapshotRequest,
  type CreateVolumeRequest,
  createSnapshotBody,
  createVolumeBody,
  extendVolumeBody,
  updateVolumeBody,
  type VolumePatch,
} from './requests.js';
import { type LightbitsCall, type LightbitsConnectionOptions, LightbitsTransport } from './transport.js';
import type {
  LightbitsClusterDetails,
  LightbitsClusterInfo,
  LightbitsEvent,
  LightbitsNode,
  LightbitsSnapshot,
  LightbitsVolume,
} from './types.js';
import * as u from './urls.js';
import * as w from './wire.js';

export interface EventQuery {
  /** ISO-8601 UTC, e.g. 2000-01-01T12:00:00.000Z. */
  since?: string;
  until?: string;
  limit?: number;
  nextToken?: string;
}

/** The Lightbits REST API v2 as the Cinder driver uses it, over every node's API address. */
export class LightbitsClient extends LightbitsReader {
  /** Project used when a call names none. */
  readonly project: string;

  constructor(opts: LightbitsConnectionOptions) {
    super(new LightbitsTransport(opts));
    this.project = opts.project;
  }

  /** Which endpoint answered last, for doctor/health. */
  get activeEndpoint(): string {
    return this.transport.activeEndpoint;
  }

  clusterInfo(): Promise<LightbitsClusterInfo> {
    return this.read({ method: 'GET', path: u.clusterInfoPath() }, w.clusterInfoWire).then(toClusterInfo);
  }

  /** GET /api/v2/cluster: capacity statistics and health; needs a cluster-admin JWT. */
  cluster(): Promise<LightbitsClusterDetails> {
    return this.read({ method: 'GET', path: u.clusterPath() }, w.clusterWire).then(toClusterDetails);
  }

  async listNodes(): Promise<LightbitsNode[]> {
    const list = await this.read({ method: 'GET', path: u.nodesPath() }, w.nodesListWire);
    return (list.nodes ?? []).map(toNode);
  }

  getNode(uuid: string): Promise<LightbitsNode> {
    return this.read({ method: 'GET', path: u.nodePath(uuid) }, w.nodeWire).then(toNode);
  }

  async listEvents(q: EventQuery = {}): Promise<{ events: LightbitsEvent[]; nextToken: string | undefined }> {
    const path = u.eventsPath(u.query({ since: q.since, until: q.until, limit: q.limit, nextToken: q.nextToken }));
    const list = await this.read({ method: 'GET', path }, w.eventsListWire);
    return { events: (list.events ?? []).map(toEvent), nextToken: list.nextToken || undefined };
  }

  /** Every volume of the project, page by page (offsetUUID); volumes being deleted are not listed. */
  listVolumes(project = this.project): Promise<LightbitsVolume[]> {
    return this.pages(u.volumesPath(project), (path) =>
      this.read({ method: 'GET', path }, w.volumesListWire).then((l) => l.volumes ?? []),
    ).then((all) => all.map(toVolume));
  }

  getVolume(uuid: string, project = this.project): Promise<LightbitsVolume> {
    return this.read({ method: 'GET', path: u.volumePath(project, uuid) }, w.volumeWire).then(toVolume);
  }

  /** The driver's get_volume_by_name; undefined when the cluster answers 404. */
  findVolumeByName(name: string, project = this.project): Promise<LightbitsVolume | undefined> {
    return this.find({ method: 'GET', path: u.volumeByNamePath(project, name) }, w.volumeWire, toVolume);
  }

  createVolume(req: CreateVolumeRequest, project = this.project): Promise<LightbitsVolume> {
    const call: LightbitsCall = { method: 'POST', path: u.volumesPath(project), body: createVolumeBody(req) };
    return this.read(call, w.volumeWire).then(toVolume);
  }

  /** PUT with `If-Match` when an ETag is given (412 if the volume changed meanwhile). The API answers `{}`. */
  async updateVolume(uuid: string, patch: VolumePatch, etag?: string, project = this.project): Promise<void> {
    await this.transport.send({
      method: 'PUT',
      path: u.volumePath(project, uuid),
      body: updateVolumeBody(patch),
      etag,
    });
  }

  async extendVolume(uuid: string, sizeBytes: number, etag?: string, project = this.project): Promise<void> {
    const body = extendVolumeBody(uuid, sizeBytes);
    await this.transport.send({ method: 'PUT', path: u.volumePath(project, uuid), body, etag });
  }

  /** Deletion is asynchronous: the volume shows `Deleting`, then GET answers 404. */
  async deleteVolume(uuid: string, project = this.project): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: u.volumePath(project, uuid) });
  }

  listSnapshots(project = this.project): Promise<LightbitsSnapshot[]> {
    return this.pages(u.snapshotsPath(project), (path) =>
      this.read({ method: 'GET', path }, w.snapshotsListWire).then((l) => l.snapshots ?? []),
    ).then((all) => all.map(toSnapshot));
  }

  createSnapshot(req: CreateSnapshotRequest, project = this.project): Promise<LightbitsSnapshot> {
    const call: LightbitsCall = { method: 'POST', path: u.snapshotsPath(project), body: createSnapshotBody(req) };
    return this.read(call, w.snapshotWire).then(toSnapshot);
  }

  getSnapshot(uuid: string, project = this.project): Promise<LightbitsSnapshot> {
    return this.read({ method: 'GET', path: u.snapshotPath(project, uuid) }, w.snapshotWire).then(toSnapshot);
  }

  findSnapshotByName(name: string, project = this.project): Promise<LightbitsSnapshot | undefined> {
    return this.find({ method: 'GET', path: u.snapshotByNamePath(project, name) }, w.snapshotWire, toSnapshot);
  }

  async deleteSnapshot(uuid: string, project = this.project): Promise<void> {
    await this.transport.send({ method: 'DELETE', path: u.snapshotPath(project, uuid) });
  }
}
