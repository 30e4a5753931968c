import { stringify } from 'yaml';
import { SERVICE_KEYS } from './openstack-keys.js';
import { type LightbitsSettings, OPENSTACK_SERVICES, type OpenStackSettings } from './types.js';

type Pairs = [string, string | boolean | undefined][];

/** Single-quotes a value for sh unless it is plainly safe. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The OS_* names for OpenStack settings, in openrc order; keys openstacksdk maps back exactly (see openstack-env.ts). */
export function openstackEnvPairs(s: OpenStackSettings): Pairs {
  const a = s.auth;
  const pairs: Pairs = [
    ['OS_AUTH_URL', s.authUrl],
    ['OS_AUTH_TYPE', a.type === 'password' ? 'password' : 'v3applicationcredential'],
    ['OS_IDENTITY_API_VERSION', '3'],
  ];
  if (a.type === 'password') {
    pairs.push(['OS_USERNAME', a.username], ['OS_USER_ID', a.userId], ['OS_PASSWORD', a.password]);
    pairs.push(['OS_USER_DOMAIN_NAME', a.userDomainName], ['OS_USER_DOMAIN_ID', a.userDomainId]);
  } else {
    pairs.push(['OS_APPLICATION_CREDENTIAL_ID', a.id], ['OS_APPLICATION_CREDENTIAL_NAME', a.name]);
    pairs.push(['OS_APPLICATION_CREDENTIAL_SECRET', a.secret]);
    pairs.push(['OS_USERNAME', a.username], ['OS_USER_DOMAIN_NAME', a.userDomainName]);
  }
  const p = s.project;
  pairs.push(['OS_PROJECT_ID', p?.id], ['OS_PROJECT_NAME', p?.name]);
  pairs.push(['OS_PROJECT_DOMAIN_NAME', p?.domainName], ['OS_PROJECT_DOMAIN_ID', p?.domainId]);
  pairs.push(['OS_REGION_NAME', s.regionName], ['OS_INTERFACE', s.interface], ['OS_CACERT', s.caFile]);
  pairs.push(['OS_INSECURE', s.insecure]);
  for (const service of OPENSTACK_SERVICES) {
    const key = SERVICE_KEYS[service][0]!.toUpperCase();
    pairs.push([`OS_${key}_ENDPOINT_OVERRIDE`, s.endpointOverride?.[service]]);
  }
  return pairs;
}

export function lightbitsEnvPairs(l: LightbitsSettings): Pairs {
  return [
    ['LIGHTBITS_API_ENDPOINTS', l.endpoints.join(',')],
    ['LIGHTBITS_JWT', l.jwt],
    ['LIGHTBITS_PROJECT', l.project],
    ['LIGHTBITS_CACERT', l.caFile],
    ['LIGHTBITS_INSECURE', l.insecure],
  ];
}

/** `export OS_AUTH_URL=…` lines to paste into a shell (they contain the password: print them only on request). */
export function renderOpenrc(settings: OpenStackSettings, lightbits?: LightbitsSettings): string {
  const pairs = [...openstackEnvPairs(settings), ...(lightbits ? lightbitsEnvPairs(lightbits) : [])];
  const lines = pairs
    .filter((pair): pair is [string, string | boolean] => pair[1] !== undefined)
    .map(([name, value]) => `export ${name}=${shellQuote(String(value))}`);
  return `${lines.join('\n')}\n`;
}

/** A clouds.yaml document with one cloud, in the keys openstacksdk (and blockops) read. */
export function renderCloudsYaml(name: string, settings: OpenStackSettings): string {
  const a = settings.auth;
  const p = settings.project;
  const auth: Record<string, string | undefined> = { auth_url: settings.authUrl };
  if (a.type === 'password') {
    Object.assign(auth, { username: a.username, user_id: a.userId, password: a.password });
    Object.assign(auth, { user_domain_name: a.userDomainName, user_domain_id: a.userDomainId });
  } else {
    Object.assign(auth, { application_credential_id: a.id, application_credential_name: a.name });
    Object.assign(auth, {
      application_credential_secret: a.secret,
      username: a.username,
      user_domain_name: a.userDomainName,
    });
  }
  Object.assign(auth, { project_id: p?.id, project_name: p?.name });
  Object.assign(auth, { project_domain_name: p?.domainName, project_domain_id: p?.domainId });
  const cloud: Record<string, unknown> = {
    auth_type: a.type === 'password' ? 'password' : 'v3applicationcredential',
    auth: dropUndefined(auth),
    identity_api_version: 3,
    region_name: settings.regionName,
    interface: settings.interface,
    cacert: settings.caFile,
    verify: settings.insecure === undefined ? undefined : !settings.insecure,
  };
  for (const service of OPENSTACK_SERVICES) {
    cloud[`${SERVICE_KEYS[service][0]}_endpoint_override`] = settings.endpointOverride?.[service];
  }
  return stringify({ clouds: { [name]: dropUndefined(cloud) } });
}

function dropUndefined<T>(o: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, T>;
}
