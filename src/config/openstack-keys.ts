import type { Source } from './errors.js';
import type { SecretRef } from './secrets.js';
import { OPENSTACK_SERVICES, type OpenStackService } from './types.js';
import type { Raw } from './values.js';

/** A raw value with its origin. `invert`: it came from `verify`, the opposite of `insecure`. */
export interface OsEntry {
  raw: Raw;
  source: Source;
  invert?: boolean;
}

/** One layer (clouds.yaml cloud, environment or flags) in openstacksdk's key names: OS_PROJECT_NAME → project_name. */
export interface OsLayer {
  values: Map<string, OsEntry>;
  secrets: Map<OsSecretKey, SecretRef>;
}

export const OS_TEXT_KEYS = [
  'auth_url',
  'auth_type',
  'username',
  'user_id',
  'user_domain_name',
  'user_domain_id',
  'project_name',
  'project_id',
  'project_domain_name',
  'project_domain_id',
  'domain_name',
  'domain_id',
  'application_credential_id',
  'application_credential_name',
  'region_name',
  'interface',
  'cacert',
] as const;

export type OsSecretKey = 'password' | 'application_credential_secret';
export const OS_SECRET_KEYS: readonly OsSecretKey[] = ['password', 'application_credential_secret'];

/** Older spellings openstacksdk still maps (the canonical name wins when a layer has both). */
const ALIASES: Record<string, string[]> = {
  project_name: ['tenant_name'],
  project_id: ['tenant_id'],
  auth_type: ['auth_plugin'],
  interface: ['endpoint_type'],
};

/** `<service>_endpoint_override` keys; openstacksdk also accepts the service-type aliases (os-service-types). */
export const SERVICE_KEYS: Record<OpenStackService, string[]> = {
  identity: ['identity'],
  image: ['image'],
  volume: ['block_storage', 'volumev3', 'volume', 'volumev2', 'block_store'],
  compute: ['compute'],
  network: ['network'],
};

export const overrideKey = (service: OpenStackService) => `endpoint_override.${service}`;

/** Builds a layer from a lookup by openstacksdk key name (e.g. `project_name`, `compute_endpoint_override`). */
export function canonicalLayer(
  lookup: (key: string) => OsEntry | undefined,
  secret: (key: OsSecretKey) => SecretRef | undefined,
): OsLayer {
  const values = new Map<string, OsEntry>();
  const first = (keys: string[]) => keys.map(lookup).find((e) => e !== undefined);
  for (const key of OS_TEXT_KEYS) {
    const entry = first([key, ...(ALIASES[key] ?? [])]);
    if (entry) values.set(key, entry);
  }
  const insecure = lookup('insecure');
  const verify = lookup('verify');
  if (insecure) values.set('insecure', insecure);
  else if (verify) values.set('insecure', { ...verify, invert: true });
  for (const service of OPENSTACK_SERVICES) {
    const entry = first(SERVICE_KEYS[service].map((s) => `${s}_endpoint_override`));
    if (entry) values.set(overrideKey(service), entry);
  }
  const secrets = new Map<OsSecretKey, SecretRef>();
  for (const key of OS_SECRET_KEYS) {
    const ref = secret(key);
    if (ref) secrets.set(key, ref);
  }
  return { values, secrets };
}

/** Higher layers first: for each key the first layer that has it wins. */
export function mergeLayers(layers: OsLayer[]): OsLayer {
  const merged: OsLayer = { values: new Map(), secrets: new Map() };
  for (const layer of [...layers].reverse()) {
    for (const [k, v] of layer.values) merged.values.set(k, v);
    for (const [k, v] of layer.secrets) merged.secrets.set(k, v);
  }
  return merged;
}
