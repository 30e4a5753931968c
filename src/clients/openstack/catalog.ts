import { openstackError } from './client-error.js';
import type { CatalogEntry } from './identity/types.js';
import type { ServiceName } from './options.js';

/** Catalog types tried in order (service-types-authority names first, then the older aliases clouds still use). */
export const CATALOG_TYPES: Record<ServiceName, string[]> = {
  keystone: ['identity'],
  glance: ['image'],
  cinder: ['block-storage', 'volumev3'],
  nova: ['compute'],
  neutron: ['network'],
};

export interface EndpointQuery {
  service: ServiceName;
  interface: string;
  region: string | undefined;
}

export function findCatalogEndpoint(catalog: CatalogEntry[] | undefined, q: EndpointQuery): string {
  if (!catalog) {
    throw openstackError(
      'ENDPOINT_NOT_FOUND',
      `The token has no service catalog (it is unscoped): set a project, or an endpoint override for ${q.service}.`,
      { service: q.service },
    );
  }
  for (const type of CATALOG_TYPES[q.service]) {
    const entry = catalog.find((c) => c.type === type);
    const ep = entry?.endpoints.find((e) => e.interface === q.interface && (!q.region || e.region === q.region));
    if (ep) return ep.url;
  }
  const offered = catalog
    .filter((c) => CATALOG_TYPES[q.service].includes(c.type))
    .flatMap((c) => c.endpoints.map((e) => `${c.type}/${e.interface}/${e.region ?? '-'}`));
  throw openstackError(
    'ENDPOINT_NOT_FOUND',
    `No ${q.interface} endpoint for ${q.service} (catalog types ${CATALOG_TYPES[q.service].join(', ')})` +
      `${q.region ? ` in region ${q.region}` : ''}. The catalog offers: ${offered.join(', ') || 'none'}. ` +
      'Check regionName/interface, or set an endpoint override.',
    { service: q.service, offered },
  );
}

const trim = (url: string) => url.replace(/\/+$/, '');

/**
 * The base URL requests are made against. Catalog URLs may lack the API version (Glance and Neutron usually do,
 * Nova and Cinder sometimes): append it like gophercloud does rather than trusting a discovery document's host.
 */
export function versionedBaseUrl(service: ServiceName, url: string, projectId: string | undefined): string {
  const u = trim(url);
  const path = new URL(u).pathname;
  switch (service) {
    case 'keystone':
      return /\/v3(\/|$)/.test(path) ? u : `${u}/v3`;
    case 'glance':
      return /\/v2(\.\d+)?$/.test(path) ? u : `${u}/v2`;
    case 'neutron':
      return /\/v2\.0$/.test(path) ? u : `${u}/v2.0`;
    case 'nova':
      return /\/v2(\.1)?(\/|$)/.test(path) ? u : `${u}/v2.1`;
    case 'cinder': {
      // Below microversion 3.67 Cinder needs the project id in the path.
      if (/\/v3\/[^/]+/.test(path)) return u;
      const project = projectId ?? missingProject();
      return /\/v3$/.test(path) ? `${u}/${project}` : `${u}/v3/${project}`;
    }
  }
}

function missingProject(): never {
  throw openstackError(
    'CONFIG_INVALID',
    'Cinder needs a project-scoped token: set a project in the connection options.',
  );
}

/** Where the service's version document lives: the URL with the version segment and what follows cut off. */
export function versionRootUrl(baseUrl: string): string {
  const u = new URL(baseUrl);
  u.pathname = u.pathname.replace(/\/v\d+(\.\d+)?(\/.*)?$/, '/');
  u.search = '';
  return u.toString();
}
