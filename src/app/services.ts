import { Approvals } from '../core/approvals.js';
import type { Cloud } from '../core/cloud.js';
import { Gateway } from '../core/gateway.js';
import { JobRunner } from '../core/jobs.js';
import type { AnyOperation } from '../core/operation.js';
import type { Policy } from '../core/policy/policy.js';
import { Registry } from '../core/registry.js';
import type { Services } from '../core/services.js';
import type { Store } from '../core/store/types.js';
import { runnerId } from './chores.js';

export interface ServicesDeps {
  store: Store;
  policy: Policy;
  operations: AnyOperation[];
  cloud: () => Promise<Cloud>;
  heartbeatMs?: number | undefined;
  runnerId?: string;
  now?: () => Date;
}

/** Wires the core's parts together: one registry, approvals, the job runner and the gateway over one store. */
export function buildServices(deps: ServicesDeps): { services: Services; gateway: Gateway } {
  const now = deps.now ?? (() => new Date());
  const registry = new Registry(deps.operations);
  const services: Services = {
    store: deps.store,
    policy: deps.policy,
    registry,
    now,
    approvals: new Approvals(deps.store, deps.policy, now),
    jobs: new JobRunner({
      store: deps.store,
      registry,
      cloud: deps.cloud,
      services: () => services,
      runnerId: deps.runnerId ?? runnerId(),
      heartbeatMs: deps.heartbeatMs,
      now,
    }),
  };
  return { services, gateway: new Gateway(services, deps.cloud) };
}
