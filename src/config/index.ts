import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { Problems, where } from './errors.js';
import { loadConfigFile } from './file.js';
import { resolveLightbits } from './lightbits.js';
import { resolveOpenStack } from './openstack.js';
import { type Layers, type Resolved, resolveAll } from './resolve.js';
import { SETTINGS } from './settings.js';
import type { BlockopsConfig, LoadConfigOptions } from './types.js';

export { describeConfig } from './describe.js';
export { ConfigError, type ConfigProblem } from './errors.js';
export { renderCloudsYaml, renderOpenrc } from './render.js';
export type * from './types.js';

const SOURCES = new WeakMap<BlockopsConfig, Record<string, string>>();

/**
 * Loads the configuration: defaults < config file (blockops.yaml) < environment < flags, plus OpenStack from
 * clouds.yaml / OS_* (see openstack.ts) and Lightbits. Throws ConfigError (CONFIG.INVALID) listing every problem.
 */
export async function loadConfig(opts: LoadConfigOptions = {}): Promise<BlockopsConfig> {
  const env = opts.env ?? process.env;
  const cwd = resolve(opts.cwd ?? process.cwd());
  const flags = opts.flags ?? {};
  const problems = new Problems();
  const file = await problems.capture(() => loadConfigFile(flags, env, cwd));
  // A broken or unknown-key file would only cause confusing follow-up errors.
  problems.throwIfAny();
  const layers: Layers = { flags, env, file, cwd };
  const general = await resolveAll(SETTINGS, layers, problems);
  const lightbits = await resolveLightbits(layers, problems);
  const openstack = await resolveOpenStack(layers, opts.home ?? homedir(), problems);
  problems.throwIfAny();

  const get = <T>(key: string) => general.values.get(key)?.value as T;
  const config: BlockopsConfig = {
    openstack: openstack.settings,
    lightbits: lightbits.settings,
    volumeType: get('volumeType'),
    imageDirs: get('imageDirs'),
    databaseUrl: get('databaseUrl'),
    audit: {
      key: get('audit.key'),
      retiredKeys: get('audit.retiredKeys'),
      anchorsFile: get('audit.anchorsFile'),
      anchorEvery: get('audit.anchorEvery'),
      anchorSeconds: get('audit.anchorSeconds'),
    },
    policyFile: get('policyFile'),
    approvers: get('approvers'),
    readOnly: get('readOnly'),
    server: {
      host: get('server.host'),
      port: get('server.port'),
      allowedHosts: get('server.allowedHosts'),
      allowedOrigins: get('server.allowedOrigins'),
    },
    slack: compact({
      botToken: get('slack.botToken'),
      signingSecret: get('slack.signingSecret'),
      appToken: get('slack.appToken'),
      apiUrl: get('slack.apiUrl'),
      approvalsChannel: get('slack.approvalsChannel'),
      oncallChannel: get('slack.oncallChannel'),
      oncallMention: get('slack.oncallMention'),
    }),
    remote: compact({ url: get('remote.url'), token: get('remote.token') }),
    mcpTokensFile: get('mcpTokensFile'),
    mcpSessionsPerIdentity: get('mcpSessionsPerIdentity'),
    mcpSessionIdleMinutes: get('mcpSessionIdleMinutes'),
    emulatorSpeed: get('emulatorSpeed'),
    pollMs: get('pollMs'),
    launchConcurrency: get('launchConcurrency'),
    directUrlSchemes: get('directUrlSchemes'),
  };
  SOURCES.set(config, {
    ...sourcesOf(general.values),
    ...prefixed('lightbits.', sourcesOf(lightbits.sources)),
    ...prefixed('openstack.', Object.fromEntries(openstack.sources)),
  });
  return config;
}

/** Where each setting of a loaded config came from, e.g. `server.port` → `PORT (environment)`; for `blockops doctor`. */
export function configSources(config: BlockopsConfig): Record<string, string> | undefined {
  return SOURCES.get(config);
}

function sourcesOf(values: Map<string, Resolved>): Record<string, string> {
  return Object.fromEntries([...values].map(([k, v]) => [k, where(v.source)]));
}

function prefixed(prefix: string, o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [prefix + k, v]));
}

function compact<T extends object>(s: T): T {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as T;
}
