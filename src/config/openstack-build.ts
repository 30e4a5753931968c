import { z } from 'zod';
import { type ConfigProblem, type Problems, problem, problemAt } from './errors.js';
import { type OsLayer, type OsSecretKey, overrideKey } from './openstack-keys.js';
import { readSecret } from './secrets.js';
import { OPENSTACK_SERVICES, type OpenStackSettings } from './types.js';
import { bool, httpUrl, openstackInterface, pathIn, text } from './values.js';

/** How OpenStack came to be configured: by a clouds.yaml cloud (OS_CLOUD) or by OS_AUTH_URL alone. */
export type OsMode = { kind: 'cloud'; name: string; path: string } | { kind: 'env' };

const AUTH_TYPES: Record<string, 'password' | 'application_credential'> = {
  password: 'password',
  v3password: 'password',
  v3applicationcredential: 'application_credential',
};

const authType = text.transform((s, ctx) => {
  const t = AUTH_TYPES[s];
  if (t) return t;
  ctx.addIssue({
    code: 'custom',
    message: 'is not a supported auth type (use password, v3password or v3applicationcredential)',
    input: s,
  });
  return z.NEVER;
});

/** Drops undefined members so settings compare and serialise cleanly. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A "not set" problem naming the variables and, for a cloud, the clouds.yaml keys that would set it. */
function missing(mode: OsMode, keys: string[], secret = false): ConfigProblem {
  const envs = keys.map((k) => `OS_${k.toUpperCase()}`);
  const setEnv = secret ? `${envs[0]}, ${envs[0]}_FILE or ${envs[0]}_COMMAND` : envs.join(' or ');
  if (mode.kind === 'env') {
    return problem(
      envs[0]!,
      `${envs.join(' / ')} is not set (OS_AUTH_URL is, so OpenStack is configured from the environment): set ${setEnv}`,
    );
  }
  const fileKeys = keys.map((k) => `auth.${k}`).join(' or ');
  const add = secret ? `auth.${keys[0]} (or auth.${keys[0]}_file / auth.${keys[0]}_command)` : fileKeys;
  return problem(
    envs[0]!,
    `${fileKeys} is not set for cloud "${mode.name}" (${mode.path}): add ${add} to the cloud in clouds.yaml or secure.yaml, or set ${setEnv}`,
  );
}

/** Validates the merged layer and assembles the client settings; every problem found is collected. */
export async function buildOpenStack(
  layer: OsLayer,
  mode: OsMode,
  ctx: { cwd: string; env: NodeJS.ProcessEnv },
  problems: Problems,
): Promise<OpenStackSettings | undefined> {
  const before = problems.list.length;
  // openstacksdk hands cacert to requests unchanged, so a relative path means the cwd even in clouds.yaml;
  // blockops' own password_file / password_command keys follow the same rule.
  const baseDir = () => ctx.cwd;
  const value = <T>(key: string, schema: (dir: string) => z.ZodType<T>): T | undefined => {
    const e = layer.values.get(key);
    if (!e) return undefined;
    const r = schema(baseDir()).safeParse(e.raw, { reportInput: true });
    if (r.success) return r.data;
    problems.add(problemAt(e.source, `${JSON.stringify(e.raw)} ${r.error.issues[0]?.message}`));
    return undefined;
  };
  const str = (key: string) => value(key, () => text);
  const secret = async (key: OsSecretKey) => {
    const ref = layer.secrets.get(key);
    return ref ? problems.capture(() => readSecret(ref, baseDir(), ctx.env)) : undefined;
  };

  const type = value('auth_type', () => authType) ?? 'password';
  const authUrl = value('auth_url', () => httpUrl);
  if (!layer.values.has('auth_url')) problems.add(missing(mode, ['auth_url']));
  const domainName = str('domain_name');
  const domainId = str('domain_id');
  const userDomain = (name: string | undefined, id: string | undefined) =>
    name === undefined && id === undefined ? { name: domainName, id: domainId } : { name, id };
  const user = userDomain(str('user_domain_name'), str('user_domain_id'));
  const projectName = str('project_name');
  const projectId = str('project_id');
  const projectDomain = userDomain(str('project_domain_name'), str('project_domain_id'));
  const username = str('username');

  let auth: OpenStackSettings['auth'] | undefined;
  if (type === 'password') {
    const password = await secret('password');
    if (!layer.secrets.has('password')) {
      const p = missing(mode, ['password'], true);
      if (layer.secrets.has('application_credential_secret')) {
        p.message += '; for an application credential set OS_AUTH_TYPE (or auth_type) to v3applicationcredential';
      }
      problems.add(p);
    }
    const userId = str('user_id');
    if (username === undefined && userId === undefined) problems.add(missing(mode, ['username', 'user_id']));
    if (projectName === undefined && projectId === undefined)
      problems.add(missing(mode, ['project_name', 'project_id']));
    if (password !== undefined) {
      auth = compact({ type, username, userId, password, userDomainName: user.name, userDomainId: user.id });
    }
  } else {
    const appSecret = await secret('application_credential_secret');
    if (!layer.secrets.has('application_credential_secret')) {
      problems.add(missing(mode, ['application_credential_secret'], true));
    }
    const id = str('application_credential_id');
    const name = str('application_credential_name');
    if (id === undefined && name === undefined) {
      problems.add(missing(mode, ['application_credential_id', 'application_credential_name']));
    } else if (id === undefined && username === undefined) {
      const p = missing(mode, ['username']);
      p.message += ' (an application credential given by name needs its owner)';
      problems.add(p);
    }
    if (appSecret !== undefined)
      auth = compact({ type, id, name, secret: appSecret, username, userDomainName: user.name });
  }

  const insecureEntry = layer.values.get('insecure');
  const insecure = value('insecure', () => bool);
  const endpointOverride = compact(
    Object.fromEntries(OPENSTACK_SERVICES.map((s) => [s, value(overrideKey(s), () => httpUrl)])),
  ) as OpenStackSettings['endpointOverride'];
  const settings = compact<OpenStackSettings>({
    authUrl: authUrl ?? '',
    auth: auth ?? { type: 'password', password: '' },
    project:
      projectName !== undefined || projectId !== undefined
        ? compact({ id: projectId, name: projectName, domainName: projectDomain.name, domainId: projectDomain.id })
        : undefined,
    regionName: str('region_name'),
    interface: value('interface', () => openstackInterface),
    caFile: value('cacert', pathIn),
    insecure: insecure === undefined ? undefined : insecureEntry?.invert ? !insecure : insecure,
    endpointOverride: Object.keys(endpointOverride ?? {}).length > 0 ? endpointOverride : undefined,
  });
  return problems.list.length > before ? undefined : settings;
}
