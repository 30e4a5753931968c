import type { SelectedCloud } from './clouds-yaml.js';
import type { Source } from './errors.js';
import { canonicalLayer, type OsEntry, type OsLayer } from './openstack-keys.js';
import { envSource, envValue, flagValue } from './resolve.js';
import { findSecret } from './secrets.js';
import type { ConfigFlags } from './types.js';

/** OS_* variables the way openstacksdk maps them: drop `OS_`, lower-case the rest (OS_USER_DOMAIN_NAME → user_domain_name). */
export function envLayer(env: NodeJS.ProcessEnv): OsLayer {
  const lookup = (key: string): OsEntry | undefined => {
    const name = `OS_${key.toUpperCase()}`;
    const raw = envValue(env, name);
    return raw === undefined ? undefined : { raw, source: envSource(name) };
  };
  return canonicalLayer(lookup, (key) =>
    findSecret(`OS_${key.toUpperCase()}`, 'env', (k) => envValue(env, k), envSource),
  );
}

/**
 * `--os-<key>` flags (e.g. --os-region-name), and `--os-password` as the openstack command takes it (a secret on a
 * command line shows in `ps`: the CLI warns; its value never appears in a message).
 */
export function flagLayer(flags: ConfigFlags): OsLayer {
  const lookup = (key: string): OsEntry | undefined => {
    const name = `os-${key.replace(/_/g, '-')}`;
    const raw = flagValue(flags, name);
    return raw === undefined ? undefined : { raw, source: { kind: 'flag', name } };
  };
  return canonicalLayer(lookup, (key) => {
    const entry = lookup(key);
    return typeof entry?.raw === 'string' ? { via: 'value', text: entry.raw, source: entry.source } : undefined;
  });
}

/** The selected clouds.yaml cloud as a layer; `password_file` / `password_command` style keys work there too. */
export function cloudLayer(cloud: SelectedCloud): OsLayer {
  const lookup = (key: string) => cloud.values.get(key);
  const sourceOf = (key: string): Source => cloud.values.get(key)!.source;
  return canonicalLayer(lookup, (key) => findSecret(key, 'yaml', (k) => lookup(k)?.raw, sourceOf));
}
