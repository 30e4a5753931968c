import type { Approvals } from './approvals.js';
import type { JobRunner } from './jobs.js';
import type { Policy } from '../policy/policy.js';
import type { Registry } from './registry.js';
import type { Store } from '../store/types.js';

/** blockops' own machinery, for operations that manage requests and audit rather than the cloud. */
export interface Services {
  store: Store;
  policy: Policy;
  approvals: Approvals;
  jobs: JobRunner;
  registry: Registry;
  now(): Date;
}
