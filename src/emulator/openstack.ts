import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminRouter } from './admin/routes.js';
import { cinderService } from './cinder/routes.js';
import { Clock } from './delay.js';
import { createFaultController, type FaultController } from './fault-controller.js';
import { FaultState } from './faults.js';
import { glanceService } from './glance/routes.js';
import { keystoneService } from './keystone/routes.js';
import { neutronService } from './neutron/routes.js';
import { novaService } from './nova/routes.js';
import { type Emu, type LightbitsLink, newBackgroundRunner } from './runtime.js';
import { encodeSaved, type SavedOpenStack, settle } from './saved.js';
import type { SeededIdentity } from './seed/identity.js';
import { type ExtraSeed, seed } from './seed/index.js';
import { createHttpServer } from './server.js';
import { newState } from './state/index.js';

export interface EmulatorCreds {
  username: string;
  password: string;
  projectName: string;
  projectId: string;
  userDomainName: 'Default';
  projectDomainName: 'Default';
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/identity/v3` */
  authUrl: string;
  region: string;
  users: { admin: EmulatorCreds; member: EmulatorCreds };
  /** For the admin user, scoped to the admin project. */
  appCredential: { id: string; secret: string };
  lightbits: { endpoints: string[]; jwt: string; project: string; caFile?: string };
  volumeType: string;
  faults: FaultController;
  /** Everything the cloud holds, once its transitions have settled, to start a later emulator from (`saved`). */
  save(): Promise<Buffer>;
  close(): Promise<void>;
}

export interface OpenStackOptions {
  host?: string;
  port?: number;
  speed?: number;
  /** Seed data beyond the standard seed. */
  seed?: ExtraSeed;
  lightbits: LightbitsLink;
  /** `lightos:num_replicas` of the `lightbits` volume type (default 3; fewer on a smaller cluster). */
  replicas?: number;
  /** The OpenStack side of a saved emulator, instead of a fresh seed. */
  saved?: SavedOpenStack | undefined;
  /** Where uploaded image bytes live and stay (a saved emulator's); default a temporary folder removed on close. */
  dataDir?: string | undefined;
  /** Lets `GET /_emulator/instance?nonce=` prove that this is the emulator a discovery file names. */
  instanceKey?: string | undefined;
}

const SERVICES = [keystoneService, glanceService, cinderService, novaService, neutronService];

/** Starts the OpenStack side (Keystone, Glance, Cinder, Nova, Neutron) on one port, over a given Lightbits link. */
export async function startOpenStack(opts: OpenStackOptions): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const backgroundErrors: Emu['backgroundErrors'] = [];
  const emu: Emu = {
    state: newState(),
    clock: new Clock(opts.speed ?? 1),
    config: {
      baseUrl: '',
      region: 'RegionOne',
      computeHost: 'emulator',
      cinderBackendHost: 'emulator@lightbits',
      cinderPool: 'emulator@lightbits#lightbits',
    },
    lightbits: opts.lightbits,
    faults: new FaultState(),
    tmpDir: opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'blockops-emulator-'))),
    background: newBackgroundRunner(backgroundErrors),
    backgroundErrors,
  };
  const faults = createFaultController(emu);
  if (opts.saved) emu.state = opts.saved.state;
  const server = createHttpServer(emu, SERVICES, adminRouter(faults, opts.instanceKey));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  emu.config.baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const closeServer = async () => {
    emu.clock.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!opts.dataDir) await rm(emu.tmpDir, { recursive: true, force: true });
  };
  let ids: SeededIdentity;
  try {
    ids = opts.saved ? opts.saved.ids : await seed(emu, opts.seed, opts.replicas ?? 3);
  } catch (err) {
    await closeServer();
    throw err;
  }
  const creds = (username: string, password: string, projectName: string, projectId: string): EmulatorCreds => ({
    username,
    password,
    projectName,
    projectId,
    userDomainName: 'Default',
    projectDomainName: 'Default',
  });
  let closed = false;
  return {
    url: emu.config.baseUrl,
    authUrl: `${emu.config.baseUrl}/identity/v3`,
    region: emu.config.region,
    users: {
      admin: creds('admin', ids.passwords.admin, 'admin', ids.projects.admin),
      member: creds('demo', ids.passwords.demo, 'demo', ids.projects.demo),
    },
    appCredential: ids.appCredential,
    lightbits: {
      endpoints: [...opts.lightbits.endpoints],
      jwt: opts.lightbits.jwt,
      project: opts.lightbits.project,
      ...(opts.lightbits.caFile ? { caFile: opts.lightbits.caFile } : {}),
    },
    volumeType: 'lightbits',
    faults,
    save: async () => {
      await settle(emu);
      return encodeSaved({ openstack: { state: emu.state, ids }, lightbits: emu.lightbits });
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeServer();
    },
  };
}
