import type { HttpFaultInput } from './faults.js';
import type { Emu } from './runtime.js';

export interface EmulatorSummary {
  images: { total: number; byStatus: Record<string, number> };
  volumes: { total: number; byStatus: Record<string, number>; byOrigin: Record<string, number> };
  snapshots: number;
  servers: { total: number; byStatus: Record<string, number> };
  liveTokens: number;
  faults: { httpRules: number; pendingBootErrors: number };
  services: { service: string; binary: string; host: string; state: string }[];
  lightbitsEndpoints: string[];
  backgroundErrors: { name: string; message: string; at: string }[];
}

/** Fault injection and inspection; the same powers as the `/_emulator/…` admin HTTP calls. */
export interface FaultController {
  failLightbitsNode(node: number | string): Promise<void>;
  restoreLightbitsNode(node: number | string): Promise<void>;
  setLightbitsEndpointDown(index: number, down: boolean): Promise<void>;
  /** Answers matching requests with a status and/or latency; returns the rule id. */
  injectHttp(rule: HttpFaultInput): string;
  /** Removes one rule, or all when no id is given; returns how many were removed. */
  clearHttp(id?: string): number;
  /** Expires every token issued so far; clients must authenticate again. Returns how many were live. */
  expireTokens(): number;
  /** The next server boot ends in ERROR with this fault message. */
  failNextBoot(message: string): void;
  /** Stops or starts a service row in os-services (e.g. `cinder-volume`, `nova-compute`); returns rows changed. */
  setServiceState(binary: string, state: 'up' | 'down', host?: string): number;
  summary(): EmulatorSummary;
}

function countBy<T>(items: Iterable<T>, key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

export function createFaultController(emu: Emu): FaultController {
  const s = emu.state;
  return {
    async failLightbitsNode(node) {
      await emu.lightbits.failNode(node);
    },
    async restoreLightbitsNode(node) {
      await emu.lightbits.restoreNode(node);
    },
    setLightbitsEndpointDown: (index, down) => emu.lightbits.setEndpointDown(index, down),
    injectHttp: (rule) => emu.faults.addRule(rule).id,
    clearHttp: (id) => emu.faults.clear(id),
    expireTokens() {
      const now = Date.now();
      let n = 0;
      for (const t of s.identity.tokens.values()) {
        if (t.expiresAt.getTime() > now && !t.revoked) n++;
        t.expiresAt = new Date(now - 1000);
      }
      return n;
    },
    failNextBoot(message) {
      emu.faults.nextBootErrors.push(message);
    },
    setServiceState(binary, state, host) {
      let n = 0;
      for (const row of s.services) {
        if (row.binary !== binary || (host !== undefined && row.host !== host)) continue;
        row.state = state;
        row.updatedAt = new Date();
        n++;
      }
      return n;
    },
    summary: () => ({
      images: { total: s.images.size, byStatus: countBy(s.images.values(), (i) => i.status) },
      volumes: {
        total: s.volumes.size,
        byStatus: countBy(s.volumes.values(), (v) => v.status),
        byOrigin: countBy(s.volumes.values(), (v) => v.createdBy),
      },
      snapshots: s.snapshots.size,
      servers: { total: s.servers.size, byStatus: countBy(s.servers.values(), (v) => v.status) },
      liveTokens: [...s.identity.tokens.values()].filter((t) => !t.revoked && t.expiresAt.getTime() > Date.now())
        .length,
      faults: { httpRules: emu.faults.rules.length, pendingBootErrors: emu.faults.nextBootErrors.length },
      services: s.services.map((r) => ({ service: r.service, binary: r.binary, host: r.host, state: r.state })),
      lightbitsEndpoints: [...emu.lightbits.endpoints],
      backgroundErrors: [...emu.backgroundErrors],
    }),
  };
}
