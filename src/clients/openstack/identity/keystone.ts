import type { AxiosInstance } from 'axios';
import { openstackError } from '../client-error.js';
import type { OpenStackConnectionOptions } from '../options.js';
import { parseBody } from '../parse.js';
import { VersionsDocSchema } from '../versions.js';
import { buildAuthBody } from './auth-body.js';
import { type Token, TokenResponseSchema } from './types.js';

const trim = (url: string) => url.replace(/\/+$/, '');

/** Keystone's v3 URL: the auth URL itself when it names v3, else what its version document points to. */
export async function discoverIdentityUrl(http: AxiosInstance, authUrl: string): Promise<string> {
  if (/\/v3\/?$/.test(new URL(authUrl).pathname)) return trim(authUrl);
  // The root answers 300 Multiple Choices with a Location header: read the document, do not follow it.
  const res = await http.get(authUrl, { maxRedirects: 0, validateStatus: (s) => s >= 200 && s < 400 });
  const versions = parseBody(VersionsDocSchema, res.data, `keystone version discovery at ${authUrl}`);
  const v3 = versions.find((v) => v.id.startsWith('v3') && v.selfUrl);
  if (!v3?.selfUrl) {
    throw openstackError(
      'CONFIG_INVALID',
      `Keystone at ${authUrl} offers no v3 API (versions: ${versions.map((v) => v.id).join(', ') || 'none'}). ` +
        'Point authUrl at the v3 endpoint, e.g. http://host:5000/v3.',
      { authUrl },
    );
  }
  return trim(v3.selfUrl);
}

export interface IssuedToken {
  value: string;
  info: Token;
}

export async function requestToken(
  http: AxiosInstance,
  identityUrl: string,
  opts: OpenStackConnectionOptions,
): Promise<IssuedToken> {
  const res = await http.post(`${identityUrl}/auth/tokens`, buildAuthBody(opts), {
    headers: { 'Content-Type': 'application/json' },
    maxRedirects: 0,
  });
  const value = res.headers['x-subject-token'];
  if (typeof value !== 'string' || !value) {
    throw openstackError('BAD_RESPONSE', `Keystone at ${identityUrl} issued no X-Subject-Token header.`, {
      identityUrl,
    });
  }
  return { value, info: parseBody(TokenResponseSchema, res.data, 'keystone POST /auth/tokens') };
}
