import { randomUUID } from 'node:crypto';
import { badRequest, notFound } from './errors.js';
import type { NodeRec, ProtectionState, SnapshotRec, VolumeRec } from './model.js';
import { protectionOf } from './model.js';
import { Scheduler } from './scheduler.js';

export interface EventRec {
  ID: string;
  Time: string;
  Type: 'Node' | 'Volume' | 'Cluster';
  Severity: 'Info' | 'Low' | 'Medium' | 'High' | 'Critical';
  EventName: string;
  Status: string;
  Description: string;
  nodeUuid?: string;
  nodeName?: string;
}

const MAX_EVENTS = 1000;

/** Everything the emulated cluster holds, shared by every node's API listener and by the Cinder seam. */
export class ClusterState {
  readonly uuid = randomUUID();
  readonly subsystemNqn = `nqn.2014-08.org.nvmexpress:NVMf:uuid:${randomUUID()}`;
  readonly clusterName = 'emulated-lightbits';
  readonly nodes: NodeRec[];
  readonly projects = new Set<string>(['default']);
  readonly volumes = new Map<string, VolumeRec>();
  readonly snapshots = new Map<string, SnapshotRec>();
  readonly events: EventRec[] = [];
  readonly scheduler: Scheduler;
  /** Where each node's API listens once started ("host:port"), for clusterinfo's apiEndpoints. */
  apiEndpoints: string[] = [];
  private readonly volumeNames = new Map<string, Map<string, string>>();
  private readonly snapshotNames = new Map<string, Map<string, string>>();
  private nextNsid = 1;
  private placement = 0;

  constructor(nodeCount: number, speed: number) {
    this.scheduler = new Scheduler(speed);
    this.nodes = Array.from({ length: nodeCount }, (_, i) => {
      const name = `server${String(i).padStart(2, '0')}`;
      return {
        uuid: randomUUID(),
        name: `${name}-0`,
        index: i,
        state: 'Active' as const,
        nvmeEndpoint: `192.168.75.${10 + i}:4420`,
        hostname: name,
        serverUuid: randomUUID(),
        generation: 0,
        etag: 1,
      };
    });
  }

  node(indexOrUuid: number | string): NodeRec {
    const n =
      typeof indexOrUuid === 'number' ? this.nodes[indexOrUuid] : this.nodes.find((x) => x.uuid === indexOrUuid);
    if (!n) throw notFound(`node ${indexOrUuid} not found`);
    return n;
  }

  nodeState = (uuid: string) => this.nodes.find((n) => n.uuid === uuid)?.state;

  protection(rec: { nodeList: string[] }): ProtectionState {
    return protectionOf(rec.nodeList, this.nodeState);
  }

  requireProject(project: string): void {
    if (!this.projects.has(project)) throw notFound(`project "${project}" not found`);
  }

  allocateNsid(): number {
    return this.nextNsid++;
  }

  /** Round-robin over Active nodes; the first replica starts as primary. */
  place(replicaCount: number): string[] {
    const active = this.nodes.filter((n) => n.state === 'Active');
    if (replicaCount < 1 || replicaCount > Math.min(3, active.length)) {
      throw badRequest(`replica count ${replicaCount} is outside the valid range 1-${Math.min(3, active.length)}`);
    }
    const start = this.placement++;
    return Array.from({ length: replicaCount }, (_, k) => active[(start + k) % active.length]!.uuid);
  }

  volumeByName(project: string, name: string): VolumeRec | undefined {
    const uuid = this.volumeNames.get(project)?.get(name);
    return uuid ? this.volumes.get(uuid) : undefined;
  }

  snapshotByName(project: string, name: string): SnapshotRec | undefined {
    const uuid = this.snapshotNames.get(project)?.get(name);
    return uuid ? this.snapshots.get(uuid) : undefined;
  }

  addVolume(v: VolumeRec): void {
    this.volumes.set(v.uuid, v);
    index(this.volumeNames, v.project).set(v.name, v.uuid);
  }

  removeVolume(v: VolumeRec): void {
    this.volumes.delete(v.uuid);
    this.volumeNames.get(v.project)?.delete(v.name);
  }

  addSnapshot(s: SnapshotRec): void {
    this.snapshots.set(s.uuid, s);
    index(this.snapshotNames, s.project).set(s.name, s.uuid);
  }

  removeSnapshot(s: SnapshotRec): void {
    this.snapshots.delete(s.uuid);
    this.snapshotNames.get(s.project)?.delete(s.name);
  }

  /** The cluster's data, for a saved emulator (not its timers, nor where its API listens this time). */
  exportData(): Record<string, unknown> {
    const { scheduler: _scheduler, apiEndpoints: _endpoints, ...data } = this as unknown as Record<string, unknown>;
    return Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v !== 'function'));
  }

  /** Takes back data `exportData` gave, before anything is served. */
  importData(data: Record<string, unknown>): void {
    const { scheduler: _scheduler, apiEndpoints: _endpoints, ...rest } = data;
    Object.assign(this, rest);
  }

  recordEvent(e: Omit<EventRec, 'ID' | 'Time'>): void {
    this.events.push({ ID: randomUUID(), Time: new Date().toISOString(), ...e });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
  }
}

function index(map: Map<string, Map<string, string>>, project: string): Map<string, string> {
  const found = map.get(project);
  if (found) return found;
  const created = new Map<string, string>();
  map.set(project, created);
  return created;
}
