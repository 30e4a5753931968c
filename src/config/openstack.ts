import { type SelectedCloud, selectCloud } from './clouds-yaml.js';
import { type Problems, type Source, where } from './errors.js';
import { buildOpenStack, type OsMode } from './openstack-build.js';
import { cloudLayer, envLayer, flagLayer } from './openstack-env.js';
import { mergeLayers, type OsLayer } from './openstack-keys.js';
import { type Layers, resolveSetting } from './resolve.js';
import { always, type SettingSpec } from './settings.js';
import type { OpenStackSettings } from './types.js';
import { text } from './values.js';

/** The cloud to read from clouds.yaml. */
const OS_CLOUD_SETTING: SettingSpec = {
  key: 'cloud',
  env: 'OS_CLOUD',
  flag: 'os-cloud',
  file: 'openstack.cloud',
  schema: always(text),
};

export interface OpenStackResult {
  settings: OpenStackSettings | undefined;
  /** Where each openstacksdk key's winning value came from, e.g. `password` → `OS_PASSWORD (environment)`. */
  sources: Map<string, string>;
}

/**
 * OpenStack is configured only when a cloud is named (--os-cloud, OS_CLOUD, or openstack.cloud in blockops.yaml)
 * or OS_AUTH_URL (--os-auth-url) is set; otherwise the caller starts the built-in emulator.
 *
 * Precedence: --os-* flags > OS_* environment > the clouds.yaml cloud (with secure.yaml merged over it).
 * This is the `openstack` CLI's behaviour: osc-lib registers every --os-* option with its OS_* variable as the
 * default, and OSC_Config._validate_auth lets those argparse values win over the cloud's `auth:` keys
 * (osc_lib/cli/client_config.py; openstacksdk's loader notes the same in _fix_backwards_auth, story 2010784).
 * openstacksdk used as a library (openstack.connect(cloud=…)) instead keeps OS_* in a separate cloud named
 * `envvars` that OS_CLOUD does not see; an operator's openrc exported over a clouds.yaml means "override", so we
 * follow the CLI. OS_REGION_NAME also selects the region, as in openstacksdk, among a cloud's `regions:`.
 */
export async function resolveOpenStack(layers: Layers, home: string, problems: Problems): Promise<OpenStackResult> {
  const none: OpenStackResult = { settings: undefined, sources: new Map() };
  const before = problems.list.length;
  const cloudName = await problems.capture(() => resolveSetting(OS_CLOUD_SETTING, layers));
  const env = await problems.capture(async () => envLayer(layers.env));
  const flags = flagLayer(layers.flags);
  if (problems.list.length > before || !env) return none;
  if (!cloudName && !env.values.has('auth_url') && !flags.values.has('auth_url')) return none;

  let cloud: SelectedCloud | undefined;
  if (cloudName) {
    const region = flags.values.get('region_name') ?? env.values.get('region_name');
    cloud = await problems.capture(() =>
      selectCloud(String(cloudName.value), cloudName.source, {
        env: layers.env,
        cwd: layers.cwd,
        home,
        region: region === undefined ? undefined : String(region.raw),
      }),
    );
    if (!cloud) return none;
  }
  const fromCloud = cloud ? await problems.capture(async () => cloudLayer(cloud)) : emptyLayer();
  if (!fromCloud) return none;
  const merged = mergeLayers([flags, env, fromCloud]);
  const mode: OsMode = cloud ? { kind: 'cloud', name: cloud.name, path: cloud.path } : { kind: 'env' };
  const settings = await buildOpenStack(merged, mode, layers, problems);
  return { settings, sources: describeSources(merged, cloudName?.source) };
}

function emptyLayer(): OsLayer {
  return { values: new Map(), secrets: new Map() };
}

function describeSources(layer: OsLayer, cloud: Source | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (cloud) out.set('cloud', where(cloud));
  for (const [k, v] of layer.values) out.set(k, where(v.source));
  for (const [k, v] of layer.secrets) out.set(k, where(v.source));
  return out;
}
