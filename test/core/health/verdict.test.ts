import { describe, expect, it } from 'vitest';
import type { LightbitsHealth, ServicesHealth } from '../../../src/core/health/schema.js';
import { type HealthSections, healthVerdict } from '../../../src/core/health/verdict.js';

const node = (name: string, state = 'Active') => ({ name, uuid: `${name}-uuid`, state, healthy: state === 'Active' });
const svc = (binary: string, host: string, state = 'up', status = 'enabled') => ({ binary, host, state, status });

function lightbits(over: Partial<LightbitsHealth> = {}): LightbitsHealth {
  return {
    status: 'ok',
    nodes: [node('lb-1'), node('lb-2'), node('lb-3')],
    volumes: { not_fully_protected: 0, degraded: 0, read_only: 0, not_available: 0, source: 'cluster_health' },
    capacity: { total_bytes: 100, used_bytes: 10, free_bytes: 90, used_percent: 10, free_percent: 90, basis: 'x' },
    cluster: { uuid: 'c', subsystem_nqn: 'nqn', health_state: 'OK', api_endpoints: [] },
    errors: [],
    ...over,
  };
}
const cinder = (
  services = [svc('cinder-volume', 'host@lightbits'), svc('cinder-scheduler', 'host')],
): ServicesHealth => ({
  status: 'ok',
  services,
});
const nova = (services = [svc('nova-compute', 'cmp-1'), svc('nova-compute', 'cmp-2')]): ServicesHealth => ({
  status: 'ok',
  services,
});

function sections(over: Partial<HealthSections> = {}): HealthSections {
  return { lightbits: lightbits(), cinder: cinder(), nova: nova(), glance: { status: 'ok' }, ...over };
}

describe('healthVerdict', () => {
  it('is healthy with no reasons when everything answers and is up', () => {
    expect(healthVerdict(sections())).toEqual({ verdict: 'healthy', reasons: [] });
  });

  it('names an inactive node and counts affected volumes as degraded', () => {
    const lb = lightbits({
      nodes: [node('lb-1'), node('lb-2', 'Inactive'), node('lb-3')],
      volumes: { not_fully_protected: 3, degraded: 3, read_only: 0, not_available: 0, source: 'cluster_health' },
      cluster: { uuid: 'c', subsystem_nqn: 'n', health_state: 'Warning', api_endpoints: [] },
    });
    const r = healthVerdict(sections({ lightbits: lb }));
    expect(r.verdict).toBe('degraded');
    expect(r.reasons).toEqual(['node lb-2 is Inactive', '3 volumes Degraded']);
  });

  it('is down when volumes are NotAvailable or no node is Active', () => {
    const lb = lightbits({
      nodes: [node('lb-1', 'Inactive')],
      volumes: { not_fully_protected: 1, degraded: 0, read_only: 0, not_available: 1, source: 'volume_list' },
    });
    const r = healthVerdict(sections({ lightbits: lb }));
    expect(r.verdict).toBe('down');
    expect(r.reasons.slice(0, 2)).toEqual([
      'no Lightbits node is Active',
      '1 volume NotAvailable (no replica can serve I/O)',
    ]);
  });

  it('names a stopped cinder-volume service; down when it was the only one', () => {
    const r = healthVerdict(sections({ cinder: cinder([svc('cinder-volume', 'host@lightbits', 'down')]) }));
    expect(r.verdict).toBe('down');
    expect(r.reasons).toContain('cinder-volume on host@lightbits is down');
    expect(r.reasons).toContain('every cinder-volume is down');
  });

  it('is degraded when one of several nova-compute is down, and ignores disabled services', () => {
    const r = healthVerdict(
      sections({
        nova: nova([
          svc('nova-compute', 'cmp-1'),
          svc('nova-compute', 'cmp-2', 'down'),
          svc('nova-compute', 'cmp-3', 'down', 'disabled'),
        ]),
      }),
    );
    expect(r).toEqual({ verdict: 'degraded', reasons: ['nova-compute on cmp-2 is down'] });
  });

  it('says nothing about Lightbits when it is not configured', () => {
    const r = healthVerdict(sections({ lightbits: { status: 'not_configured', nodes: [], errors: [] } }));
    expect(r.verdict).toBe('healthy');
  });

  it('tells an unreachable API (down) from a refused check (degraded)', () => {
    const unreachable = { check: 'Glance', code: 'GLANCE.UNREACHABLE', message: 'no answer' };
    expect(healthVerdict(sections({ glance: { status: 'error', error: unreachable } }))).toEqual({
      verdict: 'down',
      reasons: ['the Glance API did not answer'],
    });
    const forbidden = { check: 'Nova services', code: 'NOVA.FORBIDDEN', message: 'policy' };
    expect(healthVerdict(sections({ nova: { status: 'error', services: [], error: forbidden } }))).toEqual({
      verdict: 'degraded',
      reasons: ['could not list Nova services (NOVA.FORBIDDEN)'],
    });
  });

  it('is down when the Lightbits API answers on no endpoint', () => {
    const err = { check: 'Lightbits cluster', code: 'LIGHTBITS.UNREACHABLE', message: 'x' };
    const lb: LightbitsHealth = { status: 'error', nodes: [], errors: [err, { ...err, check: 'Lightbits nodes' }] };
    expect(healthVerdict(sections({ lightbits: lb }))).toEqual({
      verdict: 'down',
      reasons: ['the Lightbits API did not answer on any endpoint'],
    });
  });

  it('reports a nearly full cluster and a health state nothing else explains', () => {
    const lb = lightbits({
      capacity: {
        total_bytes: 1024 ** 4,
        used_bytes: 0,
        free_bytes: 1024 ** 3 * 50,
        used_percent: 95.1,
        free_percent: 4.9,
        basis: 'x',
      },
      cluster: { uuid: 'c', subsystem_nqn: 'n', health_state: 'Warning', api_endpoints: [] },
    });
    expect(healthVerdict(sections({ lightbits: lb })).reasons).toEqual([
      'Lightbits capacity is 95.1% used (50.0 GiB free)',
      'the Lightbits cluster reports health Warning',
    ]);
  });
});
