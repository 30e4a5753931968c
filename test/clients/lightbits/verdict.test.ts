import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { describeNoAnswer, verdictFor } from '../../../src/clients/lightbits/endpoints.js';

const noAnswer = (code: string) =>
  new ApiError({
    service: 'lightbits',
    method: 'POST',
    url: '/x',
    status: 0,
    cause: Object.assign(new Error(code), { code }),
  });
const answered = (status: number) => new ApiError({ service: 'lightbits', method: 'GET', url: '/x', status });

describe('when to try the next Lightbits endpoint', () => {
  it('moves a read on after no answer or a 5xx, never after a 4xx', () => {
    expect(verdictFor(noAnswer('ECONNABORTED'), 'GET')).toEqual({ next: true, why: 'timed out' });
    expect(verdictFor(answered(503), 'GET')).toEqual({ next: true, why: 'HTTP 503' });
    for (const status of [400, 401, 403, 404, 409, 412])
      expect(verdictFor(answered(status), 'GET')).toEqual({ next: false });
  });

  it('moves a mutation on only when nothing can have reached a server', () => {
    expect(verdictFor(noAnswer('ECONNREFUSED'), 'POST').next).toBe(true);
    expect(verdictFor(noAnswer('DEPTH_ZERO_SELF_SIGNED_CERT'), 'PUT').next).toBe(true);
    expect(verdictFor(noAnswer('ECONNRESET'), 'POST').next).toBe(false);
    expect(verdictFor(noAnswer('ECONNABORTED'), 'DELETE').next).toBe(false);
    expect(verdictFor(answered(500), 'POST').next).toBe(false);
  });

  it('says what to do about an untrusted certificate', () => {
    expect(describeNoAnswer('SELF_SIGNED_CERT_IN_CHAIN')).toMatch(/TLS certificate not trusted.*CA file/);
  });
});
