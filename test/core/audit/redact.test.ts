import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redactSecrets } from '../../../src/core/audit/redact.js';

describe('redactSecrets', () => {
  it('recognises secret keys in any case, snake, kebab or camel form', () => {
    const secret = [
      'password',
      'Password',
      'secret',
      'token',
      'jwt',
      'authorization',
      'Authorization',
      'x-auth-token',
      'X-Auth-Token',
      'signing_secret',
      'signingSecret',
      'api_key',
      'apiKey',
      'API_KEY',
      'private_key',
      'privateKey',
      'application_credential_secret',
    ];
    for (const key of secret) expect(isSecretKey(key), key).toBe(true);
    for (const key of ['name', 'id', 'image_id', 'size', 'auth_url', 'project'])
      expect(isSecretKey(key), key).toBe(false);
  });

  it('replaces nested secret values in objects and arrays, leaving the rest', () => {
    const input = {
      name: 'vm',
      auth: {
        identity: { password: { user: { name: 'admin', password: 'hunter2' } } },
        application_credential_secret: 'acs',
      },
      headers: [{ 'X-Auth-Token': 'gAAAA' }, { Accept: 'application/json' }],
      lightbits: { jwt: 'eyJ', endpoints: ['10.0.0.1:443'] },
      empty: { token: null },
    };
    expect(redactSecrets(input)).toEqual({
      name: 'vm',
      auth: { identity: { password: REDACTED }, application_credential_secret: REDACTED },
      headers: [{ 'X-Auth-Token': REDACTED }, { Accept: 'application/json' }],
      lightbits: { jwt: REDACTED, endpoints: ['10.0.0.1:443'] },
      empty: { token: null },
    });
  });

  it('copies without touching the original', () => {
    const input = { token: 'abc', list: [{ secret: 's' }] };
    const out = redactSecrets(input);
    expect(input).toEqual({ token: 'abc', list: [{ secret: 's' }] });
    expect(out.list).not.toBe(input.list);
  });

  it('keeps scalars and non-plain objects, and survives a cycle', () => {
    expect(redactSecrets('text')).toBe('text');
    expect(redactSecrets(null)).toBeNull();
    const when = new Date('2030-01-01T00:00:00Z');
    expect(redactSecrets({ when }).when).toBe(when);
    const loop: Record<string, unknown> = { password: 'p' };
    loop['self'] = loop;
    expect(redactSecrets(loop)).toEqual({ password: REDACTED, self: '[circular]' });
  });
});
