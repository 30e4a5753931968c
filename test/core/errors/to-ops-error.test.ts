import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { toOpsError } from '../../../src/core/errors/to-ops-error.js';

describe('toOpsError', () => {
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
