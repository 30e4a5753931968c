import type { AuditKey } from '../core/audit/key.js';
import type { Cloud } from '../core/cloud/cloud.js';
import { Approvals } from '../core/engine/approvals.js';
import { Gateway } from '../core/engine/gateway.js';
import { JobRunner } from '../core/engine/jobs.js';
import type { AnyOperation } from '../core/engine/operation.js';
import { Registry } from '../core/engine/registry.js';
import { Desk } from '../core/engine/request-desk.js';
import type { Policy } from '../core/policy/policy.js';
import type { Store } from '../core/store/types.js';
import { runnerId } from './chores.js';
import { type SlackDeliveries, slackDeliveries } from './slack-deliveries.js';

/** blockops' own machinery as the composition root wires it: only app/ and the CLI's own commands hold all of it. */
export interface Services {
  store: Store;
  policy: Policy;
  registry: Registry;
  approvals: Approvals;
  jobs: JobRunner;
  desk: Desk;
  /** The key the store MACs the audit chain with (kept outside the database); for other keyed digests too. */
  auditKey: AuditKey;
  /** The Slack door's port to the deliveries it has seen (its retries and replays are dropped). */
  slackDeliveries: SlackDeliveries;
  now(): Date;
}

export interface ServicesDeps {
  store: Store;
  /** The key `store` was opened with. */
  auditKey: AuditKey;
  policy: Policy;
  operations: readonly AnyOperation[];
  cloud: () => Promise<Cloud>;
  heartbeatMs?: number | undefined;
  runnerId?: string;
  now?: () => Date;
}

/** Wires the core's parts together: one registry, approvals, the job runner, the desk and the gateway over one store. */
export function buildServices(deps: ServicesDeps): { services: Services; gateway: Gateway } {
  const now = deps.now ?? (() => new Date());
  const { store, policy, cloud } = deps;
  const { auditKey } = deps;
  const registry = new Registry(deps.operations);
  const approvals = new Approvals(store, policy, now);
  const jobs = new JobRunner({
    store,
    registry,
    cloud,
    runnerId: deps.runnerId ?? runnerId(),
    heartbeatMs: deps.heartbeatMs,
    now,
    auditKey,
  });
  const desk = new Desk({ store, policy, approvals, jobs });
  const services: Services = {
    store,
    policy,
    registry,
    approvals,
    jobs,
    desk,
    auditKey,
    slackDeliveries: slackDeliveries(store.slackDeliveries, now),
    now,
  };
  return { services, gateway: new Gateway({ registry, policy, store, approvals, desk, cloud, now, auditKey }) };
}
