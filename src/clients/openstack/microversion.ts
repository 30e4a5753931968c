import type { AxiosInstance } from 'axios';
import { log } from '../../log.js';
import { versionRootUrl } from './catalog.js';
import { openstackError } from './client-error.js';
import { parseBody } from './parse.js';
import { compareMicroversions, VersionsDocSchema } from './versions.js';

export type MicroversionedService = 'cinder' | 'nova';

/** What blockops is written against; the cloud's maximum wins when it is lower. */
export const WANTED_MICROVERSION: Record<MicroversionedService, string> = { cinder: '3.60', nova: '2.79' };

const HEADER_SERVICE: Record<MicroversionedService, string> = { cinder: 'volume', nova: 'compute' };

export function microversionHeaders(service: MicroversionedService, version: string): Record<string, string> {
  return { 'OpenStack-API-Version': `${HEADER_SERVICE[service]} ${version}` };
}

/** min(wanted, the cloud's max) read from the service's version document at its root URL. */
export async function negotiateMicroversion(
  http: AxiosInstance,
  service: MicroversionedService,
  baseUrl: string,
): Promise<string> {
  const wanted = WANTED_MICROVERSION[service];
  const root = versionRootUrl(baseUrl);
  let body: unknown;
  try {
    body = (await http.get(root, { maxRedirects: 0, validateStatus: (s) => s >= 200 && s < 400 })).data;
  } catch (err) {
    // Some proxies hide the root; the service itself will say (406) if it cannot serve the wanted version.
    log.warn({ service, root, err: String(err) }, 'version discovery failed; asking for the wanted microversion');
    return wanted;
  }
  const versions = parseBody(VersionsDocSchema, body, `${service} version discovery at ${root}`);
  const prefix = service === 'cinder' ? 'v3' : 'v2.1';
  const api = versions.find((v) => v.id.startsWith(prefix) && v.maxMicroversion);
  if (!api?.maxMicroversion) {
    throw openstackError(
      'MICROVERSION_UNSUPPORTED',
      `${service} at ${root} announces no ${prefix} microversions; blockops needs ${HEADER_SERVICE[service]} ${wanted} or near it.`,
      { service, root },
    );
  }
  const chosen = compareMicroversions(wanted, api.maxMicroversion) <= 0 ? wanted : api.maxMicroversion;
  if (api.minMicroversion && compareMicroversions(chosen, api.minMicroversion) < 0) {
    throw openstackError(
      'MICROVERSION_UNSUPPORTED',
      `${service} at ${root} needs microversion ≥ ${api.minMicroversion}, above what blockops supports (${wanted}).`,
      { service, root, min: api.minMicroversion },
    );
  }
  return chosen;
}
