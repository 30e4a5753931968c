import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/clients/api-error.js';
import { isUnreachable, settle } from '../../../src/core/health/settle.js';

describe('settle', () => {
  it('passes a value through', async () => {
    expect(await settle('x', async () => 42)).toEqual({ ok: true, value: 42 });
  });

  it('captures an API failure as a coded error instead of throwing', async () => {
    const r = await settle('Cinder services', async () => {
      throw new ApiError({ service: 'cinder', method: 'GET', url: 'http://127.0.0.1:1/v3/os-services', status: 0 });
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ check: 'Cinder services', code: 'CINDER.UNREACHABLE' });
    expect(isUnreachable(r.error)).toBe(true);
  });

  it('reports a check that never answers as timed out', async () => {
    const r = await settle('Nova services', () => new Promise<never>(() => {}), 5);
    expect(r).toMatchObject({ ok: false, error: { check: 'Nova services', code: 'CHECK.TIMEOUT' } });
  });

  it('does not call a refusal unreachable', () => {
    expect(isUnreachable({ check: 'x', code: 'NOVA.FORBIDDEN', message: '' })).toBe(false);
  });
});
