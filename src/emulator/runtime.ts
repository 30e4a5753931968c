import type { Clock } from './delay.js';
import type { FaultState } from './faults.js';
import type { LightbitsBackend } from './lightbits/backend.js';
import type { EmulatorState } from './state/index.js';

/** What the OpenStack side needs of the Lightbits side: the backend seam, plus the cluster's fault switches. */
export interface LightbitsLink {
  backend: LightbitsBackend;
  project: string;
  jwt: string;
  endpoints: string[];
  /** The self-signed certificate of an HTTPS API (LIGHTBITS_CACERT for a client). */
  caFile?: string;
  failNode(indexOrUuid: number | string): unknown;
  restoreNode(indexOrUuid: number | string): unknown;
  setEndpointDown(i: number, down: boolean): Promise<void>;
  /** Resolves when no delayed cluster transition is pending. */
  settled?(): Promise<void>;
  /** The cluster's data, for a saved emulator. */
  exportData?(): Record<string, unknown>;
  /** Optional bulk path for seed data: Available volumes at once, no per-volume delay. */
  seedVolumes?(entries: { project: string; name: string; sizeBytes: number; replicaCount: number }[]): void;
  close(): Promise<void>;
}

export interface EmuConfig {
  /** `http://127.0.0.1:PORT`, known once listening. */
  baseUrl: string;
  region: string;
  /** Nova compute host and Cinder backend, as `os-services` and `os-vol-host-attr:host` show them. */
  computeHost: string;
  cinderBackendHost: string;
  cinderPool: string;
}

/** The running emulator as handlers see it. */
export interface Emu {
  state: EmulatorState;
  clock: Clock;
  config: EmuConfig;
  lightbits: LightbitsLink;
  faults: FaultState;
  /** Directory for uploaded image bytes: per emulator and removed on close, or a saved emulator's own. */
  tmpDir: string;
  /** Runs a state machine in the background; a failure is recorded, never thrown at a client. */
  background(name: string, work: () => Promise<void>): void;
  /** Failures of background work, newest last (shown by GET /_emulator/state). */
  backgroundErrors: { name: string; message: string; at: string }[];
}

export function newBackgroundRunner(errors: Emu['backgroundErrors']): Emu['background'] {
  return (name, work) => {
    work().catch((err: unknown) => {
      errors.push({ name, message: err instanceof Error ? err.message : String(err), at: new Date().toISOString() });
      if (errors.length > 100) errors.shift();
    });
  };
}
