import { describe, expect, it } from 'vitest';
import { getHealth, summarizeHealth } from '../../../src/core/health/get-health.js';
import { healthOutput } from '../../../src/core/health/schema.js';
import { emulatedCloudPerTest, until } from './emulated-cloud.js';

describe('getHealth against the emulator', () => {
  const env = emulatedCloudPerTest();
  const start = env.start;

  it('is healthy on a fresh cloud, with every section filled in', async () => {
    const cloud = await start();
    const h = healthOutput.parse(await getHealth(cloud));
    expect(h.verdict).toBe('healthy');
    expect(h.reasons).toEqual([]);
    expect(h.lightbits.status).toBe('ok');
    expect(h.lightbits.nodes).toHaveLength(3);
    expect(h.lightbits.nodes.every((n) => n.state === 'Active' && n.nvme_endpoint)).toBe(true);
    expect(h.lightbits.capacity?.total_bytes).toBeGreaterThan(0);
    expect(h.lightbits.volumes).toMatchObject({ not_fully_protected: 0, source: 'cluster_health' });
    expect(env.emu.lightbits.endpoints.some((e) => h.lightbits.api_endpoint?.endsWith(e))).toBe(true);
    expect(h.cinder.services[0]).toMatchObject({ binary: 'cinder-volume', state: 'up' });
    expect(h.nova.services[0]).toMatchObject({ binary: 'nova-compute', state: 'up' });
    expect(h.nova.services.map((s) => s.binary)).toContain('nova-scheduler');
    expect(h.glance.status).toBe('ok');
    expect(summarizeHealth(h)).toMatch(/^healthy: /);
  });

  it('after a node fails: degraded, naming the node and counting the volumes it degrades', async () => {
    const cloud = await start();
    const lb = cloud.lightbits!;
    const [, failed] = await lb.listNodes();
    await env.emu!.faults.failLightbitsNode(failed!.uuid);
    await until('the node to be Inactive', async () => (await lb.getNode(failed!.uuid)).state === 'Inactive');

    const h = await getHealth(cloud);
    expect(h.verdict).toBe('degraded');
    expect(h.reasons).toContain(`node ${failed!.name} is Inactive`);
    const degraded = h.lightbits.volumes?.degraded ?? 0;
    expect(degraded).toBeGreaterThan(0);
    expect(h.reasons).toContain(`${degraded} ${degraded === 1 ? 'volume' : 'volumes'} Degraded`);
    expect(summarizeHealth(h)).toContain(`node ${failed!.name} is Inactive`);
  });

  it('names a stopped cinder-volume service, and one failing API hides none of the others', async () => {
    const cloud = await start();
    expect(env.emu!.faults.setServiceState('cinder-volume', 'down')).toBeGreaterThan(0);
    env.emu!.faults.injectHttp({ method: 'GET', path: '^/compute/.*os-services', status: 503, count: 100 });

    const h = await getHealth(cloud);
    expect(h.verdict).toBe('down');
    expect(h.reasons).toContain('cinder-volume on emulator@lightbits is down');
    expect(h.nova.status).toBe('error');
    expect(h.nova.error?.code).toBe('NOVA.SERVER_ERROR');
    expect(h.reasons).toContain('the Nova API answers with server errors');
    expect(h.cinder.status).toBe('ok');
    expect(h.lightbits.status).toBe('ok');
    expect(h.glance.status).toBe('ok');
  });

  it('says not_configured for Lightbits when it is not configured, and still checks OpenStack', async () => {
    const cloud = await start({ lightbits: false });
    const h = await getHealth(cloud);
    expect(h.lightbits).toMatchObject({ status: 'not_configured', nodes: [], errors: [] });
    expect(h.lightbits.message).toMatch(/not configured/);
    expect(h.verdict).toBe('healthy');
    expect(summarizeHealth(h)).toContain('Lightbits not configured');
  });

  it('is down when no Lightbits API endpoint answers', async () => {
    const cloud = await start();
    for (let i = 0; i < env.emu!.lightbits.endpoints.length; i++)
      await env.emu!.faults.setLightbitsEndpointDown(i, true);
    const h = await getHealth(cloud);
    expect(h.verdict).toBe('down');
    expect(h.lightbits.status).toBe('error');
    expect(h.reasons).toContain('the Lightbits API did not answer on any endpoint');
    expect(h.cinder.status).toBe('ok');
  });
});
