import { hasShared } from '../../helpers/shared.js';
import { captured } from './real-fixtures.js';

// The documents a fixture cloud answers by default: the real Zed captures when ../shared is there, else the same
// shapes written out here (so the session tests also run on a clone of the project alone).

export const PROJECT_ID = '133cd1cab6df4901b315cca41c5d894f';
export const USER_ID = '9a64935cbc934e44b787cec71c8af022';

export type Urls = Record<'keystone' | 'glance' | 'cinder' | 'nova' | 'neutron', string>;

/** The captured cloud listened on these ports; the fixture cloud's servers take their place. */
export function rewrite(text: string, urls: Urls): string {
  return text
    .replaceAll('http://127.0.0.1:5000', urls.keystone)
    .replaceAll('http://127.0.0.1:9292', urls.glance)
    .replaceAll('http://127.0.0.1:8776', urls.cinder)
    .replaceAll('http://127.0.0.1:8774', urls.nova)
    .replaceAll('http://127.0.0.1:9696', urls.neutron);
}

const ep = (url: string) =>
  ['public', 'internal', 'admin'].map((i) => ({ interface: i, region: 'RegionOne', region_id: 'RegionOne', url }));

export function tokenBody(urls: Urls, expiresAt: Date): Record<string, unknown> {
  const body = hasShared
    ? (JSON.parse(rewrite(captured('identity/auth-tokens-password-project.json').text, urls)) as {
        token: Record<string, unknown>;
      })
    : {
        token: {
          methods: ['password'],
          user: { id: USER_ID, name: 'admin', domain: { id: 'default', name: 'Default' } },
          project: { id: PROJECT_ID, name: 'admin', domain: { id: 'default', name: 'Default' } },
          roles: [
            { id: 'r1', name: 'admin' },
            { id: 'r2', name: 'member' },
            { id: 'r3', name: 'reader' },
          ],
          catalog: [
            { type: 'image', name: 'glance', endpoints: ep(urls.glance) },
            { type: 'network', name: 'neutron', endpoints: ep(urls.neutron) },
            { type: 'compute', name: 'nova', endpoints: ep(`${urls.nova}/v2.1`) },
            { type: 'volumev3', name: 'cinderv3', endpoints: ep(`${urls.cinder}/v3/${PROJECT_ID}`) },
            { type: 'identity', name: 'keystone', endpoints: ep(`${urls.keystone}/v3/`) },
          ],
        },
      };
  body.token['expires_at'] = expiresAt.toISOString();
  return body;
}

/** Keystone's root (300), Cinder's root (300) and Nova's root (200), as captured. */
export function versionDoc(service: 'keystone' | 'cinder' | 'nova', urls: Urls, maxMicroversion?: string) {
  const file = {
    keystone: 'identity/version-root.json',
    cinder: 'volume/versions.json',
    nova: 'compute/versions.json',
  }[service];
  const doc = hasShared
    ? (JSON.parse(rewrite(captured(file).text, urls)) as Record<string, unknown>)
    : fallbackVersionDoc(service, urls);
  if (maxMicroversion) {
    const list = doc['versions'] as { id: string; version: string }[];
    for (const v of list) if (v.id === 'v3.0' || v.id === 'v2.1') v.version = maxMicroversion;
  }
  return { status: service === 'nova' ? 200 : 300, body: doc };
}

function fallbackVersionDoc(service: 'keystone' | 'cinder' | 'nova', urls: Urls): Record<string, unknown> {
  const link = (href: string) => [{ href, rel: 'self' }];
  if (service === 'keystone') {
    return { versions: { values: [{ id: 'v3.14', status: 'stable', links: link(`${urls.keystone}/v3/`) }] } };
  }
  if (service === 'cinder') {
    return {
      versions: [
        { id: 'v3.0', status: 'CURRENT', version: '3.70', min_version: '3.0', links: link(`${urls.cinder}/v3/`) },
      ],
    };
  }
  return {
    versions: [
      { id: 'v2.0', status: 'SUPPORTED', version: '', min_version: '', links: link(`${urls.nova}/v2/`) },
      { id: 'v2.1', status: 'CURRENT', version: '2.93', min_version: '2.1', links: link(`${urls.nova}/v2.1/`) },
    ],
  };
}
