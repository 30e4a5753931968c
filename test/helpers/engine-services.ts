import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildServices, type ServicesDeps } from '../../src/app/services.js';
import type { Cloud } from '../../src/core/cloud/cloud.js';
import type { AnyOperation } from '../../src/core/engine/operation.js';
import { parsePolicy } from '../../src/core/policy/load.js';
import type { Store } from '../../src/core/store/types.js';
import { TEST_AUDIT_KEY } from './audit-chain.js';
import type { EngineFixture } from './store-engines.js';

const noCloud = async (): Promise<Cloud> => {
  throw new Error('these tests never reach the cloud');
};

/**
 * One store on `engine` for the enclosing describe block, emptied of requests and audit records before each test
 * (this hook is registered first, so it runs before the file's own beforeEach). Call inside the describe block.
 */
export function useEmptiedStore(engine: EngineFixture): () => Store {
  let store: Store | undefined;
  beforeAll(async () => {
    await engine.setup();
    store = await engine.open();
  });
  afterAll(() => engine.teardown());
  beforeEach(() => engine.exec('delete from audit_log; delete from requests;'));
  return () => {
    if (!store) throw new Error('the store opens in beforeAll: ask for it inside a hook or a test');
    return store;
  };
}

/** The core's services over `store` with `policyYaml`, for operations that never reach the cloud. */
export function servicesWithoutCloud(
  store: Store,
  policyYaml: string,
  operations: readonly AnyOperation[],
  more: Pick<ServicesDeps, 'now'> = {},
) {
  return buildServices({
    store,
    auditKey: TEST_AUDIT_KEY,
    policy: parsePolicy(policyYaml, 'test'),
    operations,
    cloud: noCloud,
    ...more,
  });
}
