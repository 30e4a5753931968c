import type { BlockopsConfig } from '../config/index.js';
import type { Cloud } from '../core/cloud/cloud.js';
import type { Gateway } from '../core/engine/gateway.js';
import type { AnyOperation } from '../core/engine/operation.js';
import { allOperations } from '../core/operations.js';
import { loadPolicy } from '../core/policy/load.js';
import { openStore } from '../core/store/index.js';
import { localAuditKey } from './audit-key.js';
import { type CloudHandle, openCloud } from './cloud.js';
import { buildServices, type Services } from './services.js';

export interface App {
  config: BlockopsConfig;
  gateway: Gateway;
  services: Services;
  /** Opens the cloud on first use: commands that only touch requests or audit never start an emulator. */
  cloud(): Promise<Cloud>;
  cloudHandle(): Promise<CloudHandle>;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Where notices go (stderr by default). */
  notice?: (line: string) => void;
  /** An already open cloud (tests, or a shared emulator). */
  cloud?: CloudHandle;
  heartbeatMs?: number;
  /** The operations to serve (default: all of them). */
  operations?: readonly AnyOperation[];
}

/** The composition root: config → store, policy, cloud → services → gateway. */
export async function createApp(config: BlockopsConfig, opts: AppOptions = {}): Promise<App> {
  const notice = opts.notice ?? ((l: string) => process.stderr.write(`${l}\n`));
  const policy = loadPolicy(config.policyFile, config.approvers);
  const store = await openStore(config.databaseUrl);
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  let handle: Promise<CloudHandle> | undefined = opts.cloud ? Promise.resolve(opts.cloud) : undefined;
  const cloudHandle = () => {
    handle ??= openCloud(config, notice);
    return handle;
  };
  // The policy's image_hosts travel with the cloud: upload_image reads them there (a capability reads no policy).
  let withHosts: Promise<Cloud> | undefined;
  const cloud = () => {
    withHosts ??= cloudHandle().then((h) => ({ ...h.cloud, imageHosts: policy.doc.image_hosts }));
    return withHosts;
  };
  const { services, gateway } = buildServices({
    store,
    policy,
    auditKey: localAuditKey(config.databaseUrl, notice),
    operations: opts.operations ?? allOperations,
    cloud,
    heartbeatMs: opts.heartbeatMs,
  });
  return {
    config,
    services,
    gateway,
    cloud,
    cloudHandle,
    async close() {
      if (handle && !opts.cloud) await (await handle).close();
      await store.close();
    },
  };
}
