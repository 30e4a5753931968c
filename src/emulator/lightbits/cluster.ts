import { randomBytes } from 'node:crypto';
import type { LightbitsBackend } from './backend.js';
import { createCinderBackend } from './cinder-backend.js';
import type { NodeState } from './model.js';
import { failNode, restoreNode } from './nodes.js';
import { ClusterState } from './state.js';

export interface LightbitsClusterOptions {
  /** Storage nodes, each with its own API address (default 3). */
  nodes?: number;
  /** Multiplies every delay; 1 is realistic pacing, 0 is immediate but still asynchronous (default 1). */
  speed?: number;
  /** Project the cluster starts with besides `default` (default `default`). */
  project?: string;
  /** JWT the API expects as `Authorization: Bearer …` (default: a generated one). */
  jwt?: string;
  /** Data of a saved cluster (`ClusterState.exportData`) to start from instead of empty nodes. */
  data?: Record<string, unknown>;
}

export interface LightbitsNodeView {
  index: number;
  uuid: string;
  name: string;
  state: NodeState;
  nvmeEndpoint: string;
}

export interface LightbitsCluster {
  readonly state: ClusterState;
  /** The seam the emulated Cinder's Lightbits driver calls. */
  readonly backend: LightbitsBackend;
  readonly jwt: string;
  readonly project: string;
  nodes(): LightbitsNodeView[];
  /** Storage failure of a node (its API listener stays up; use setEndpointDown for that). */
  failNode(indexOrUuid: number | string): void;
  restoreNode(indexOrUuid: number | string): void;
  addProject(name: string): void;
  /** Holds every state transition that comes due (volume Creating → Available, node Deactivating → …). */
  pause(): void;
  /** Applies the held transitions and lets time run again. */
  resume(): void;
  /** Resolves when no delayed transition is pending (while paused: when only held ones remain). */
  settled(): Promise<void>;
  /** Cancels pending transitions. */
  dispose(): void;
}

export function createLightbitsCluster(opts: LightbitsClusterOptions = {}): LightbitsCluster {
  const nodeCount = opts.nodes ?? 3;
  if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new Error('an emulated Lightbits cluster needs 1+ nodes');
  const state = new ClusterState(nodeCount, opts.speed ?? 1);
  if (opts.data) state.importData(opts.data);
  const project = opts.project ?? 'default';
  state.projects.add(project);
  return {
    state,
    backend: createCinderBackend(state),
    jwt: opts.jwt ?? fakeJwt(),
    project,
    nodes: () =>
      state.nodes.map((n) => ({
        index: n.index,
        uuid: n.uuid,
        name: n.name,
        state: n.state,
        nvmeEndpoint: n.nvmeEndpoint,
      })),
    failNode: (which) => failNode(state, state.node(which)),
    restoreNode: (which) => restoreNode(state, state.node(which)),
    addProject: (name) => void state.projects.add(name),
    pause: () => state.scheduler.pause(),
    resume: () => state.scheduler.resume(),
    settled: () => state.scheduler.settled(),
    dispose: () => state.scheduler.dispose(),
  };
}

/** JWT-shaped, like ~/lightos-default-admin-jwt; only the emulator checks it, by exact match. */
function fakeJwt(): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const claims = { iss: 'emulated-lightbits', sub: 'lightos-default-admin', roles: ['system:cluster-admin'] };
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.${randomBytes(32).toString('base64url')}`;
}
