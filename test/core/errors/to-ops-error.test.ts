import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { openstackError } from '../../../src/clients/openstack/index.js';
import { isKnownCode } from '../../../src/core/errors/codes.js';
import { toOpsError } from '../../../src/core/errors/to-ops-error.js';

describe('toOpsError', () => {
  it("leaves Node's own coded errors (ENOENT, ECONNRESET) unexpected failures, not cloud errors", () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/nope'"), { code: 'ENOENT' });
    const e = toOpsError(enoent);
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toContain('ENOENT: no such file');
  });

  it("maps the clients' own failures through the catalogue", () => {
    const ambiguous = openstackError('AMBIGUOUS_NAME', 'Two images are named "ubuntu".', { candidates: ['a', 'b'] });
    expect(toOpsError(ambiguous)).toMatchObject({ code: 'NAME.AMBIGUOUS_NAME', details: { candidates: ['a', 'b'] } });
    expect(toOpsError(openstackError('WAIT_TIMEOUT', 'timed out')).code).toBe('CLOUD.WAIT_TIMEOUT');
    expect(isKnownCode(toOpsError(openstackError('WAIT_FAILED', 'x')).code)).toBe(true);
  });

  it("keeps the service's words and request id, in one sentence, with advice for the kind of failure", () => {
    const e = toOpsError(
      new ApiError({
        service: 'keystone',
        method: 'post',
        url: 'http://127.0.0.1:5000/v3/auth/tokens',
        status: 401,
        requestId: 'req-eb1cf6ae',
        body: {
          error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' },
        },
      }),
    );
    expect(e.code).toBe('KEYSTONE.UNAUTHORIZED');
    expect(e.message).toBe(
      'keystone answered POST /v3/auth/tokens with 401: The request you have made requires authentication, ' +
        'request id req-eb1cf6ae. Check the credentials blockops uses (blockops doctor).',
    );
    expect(e.details).toMatchObject({ status: 401, request_id: 'req-eb1cf6ae' });
  });

  it('names a service that did not answer at all', () => {
    const e = toOpsError(
      new ApiError({
        service: 'cinder',
        method: 'get',
        url: 'http://127.0.0.1:8776/v3/x/volumes',
        status: 0,
        message: 'no answer (ECONNREFUSED)',
      }),
    );
    expect(e.code).toBe('CINDER.UNREACHABLE');
    expect(e.message).toMatch(/with no answer: no answer \(ECONNREFUSED\)\. Check that the service is up/);
  });
});
