import { join } from 'node:path';
import type { BlockopsConfig } from '../config/index.js';
import { Anchorer } from '../core/audit/anchorer.js';
import type { Cloud } from '../core/cloud/cloud.js';
import type { Gateway } from '../core/engine/gateway.js';
import type { AnyOperation } from '../core/engine/operation.js';
import { loadPolicy } from '../core/policy/load.js';
import { openStore } from '../core/store/index.js';
import { log } from '../log.js';
import { demoApprovers } from './approvers.js';
import { DEFAULT_ANCHORS_FILE, loadAuditKey, stateDirOf } from './audit-key.js';
import type { CloudHandle, CloudOptions } from './cloud.js';
import { buildServices, type Services } from './services.js';

export interface App {
  config: BlockopsConfig;
  gateway: Gateway;
  services: Services;
  /** Where this process writes audit anchors (undefined: to the log only), for `audit verify`. */
  anchorsFile: string | undefined;
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
  /** The operations to serve (default: all of them, loaded only then: a CLI verb loads its own alone). */
  operations?: readonly AnyOperation[];
  /** How a built-in emulator is run (`blockops serve` shares its own with other commands). */
  cloudOptions?: CloudOptions;
}

/** The composition root: config → store, policy, cloud → services → gateway. */
export async function createApp(config: BlockopsConfig, opts: AppOptions = {}): Promise<App> {
  const notice = opts.notice ?? ((l: string) => process.stderr.write(`${l}\n`));
  // Approvers named in the environment only where blockops runs its own emulator (or was handed one).
  const onEmulator = opts.cloud ? opts.cloud.emulator !== undefined || opts.cloud.cloud.emulated : !config.openstack;
  const policy = loadPolicy(config.policyFile, demoApprovers(config, onEmulator, notice));
  const auditKey = await loadAuditKey(config, notice);
  const stateDir = stateDirOf(config.databaseUrl);
  const anchorsFile = config.audit.anchorsFile ?? (stateDir && join(stateDir, DEFAULT_ANCHORS_FILE));
  const anchorer = new Anchorer({
    file: anchorsFile,
    every: config.audit.anchorEvery,
    seconds: config.audit.anchorSeconds,
    log,
  });
  const store = await openStore(config.databaseUrl, { auditKey, onAuditAppend: anchorer.noted }).catch(
    async (e: unknown) => {
      await anchorer.close();
      throw e;
    },
  );
  try {
    await store.migrate();
  } catch (e) {
    await anchorer.close();
    await store.close();
    throw e;
  }
  let handle: Promise<CloudHandle> | undefined = opts.cloud ? Promise.resolve(opts.cloud) : undefined;
  const cloudHandle = () => {
    // The clients (and the emulator) load when the cloud is first needed: many commands never touch it.
    handle ??= import('./cloud.js').then(({ openCloud }) => openCloud(config, notice, opts.cloudOptions));
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
    auditKey,
    policy,
    operations: opts.operations ?? (await import('../core/operations.js')).allOperations,
    cloud,
    heartbeatMs: opts.heartbeatMs,
  });
  return {
    config,
    services,
    gateway,
    anchorsFile,
    cloud,
    cloudHandle,
    async close() {
      if (handle && !opts.cloud) await (await handle).close();
      await anchorer.close(); // a clean shutdown anchors what this process appended
      await store.close();
    },
  };
}
