import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/clients/openstack/index.js';
import type { Cloud } from '../../../src/core/cloud/cloud.js';
import { type FailoverOutput, getFailoverStatus } from '../../../src/core/failover/get-failover-status.js';
import { failoverOutput } from '../../../src/core/failover/schema.js';
import { emulatedCloudPerTest, until } from '../health/emulated-cloud.js';

const wait = { timeoutMs: 30_000, intervalMs: 20 };

/** A volume cloned from the seeded cirros image and a server booted from it, with the clients directly. */
async function bootFromCirros(cloud: Cloud, name: string): Promise<{ serverId: string; volumeId: string }> {
  const os = cloud.openstack;
  const image = await os.image.findImage('cirros');
  if (!image) throw new Error('the emulator has no cirros image');
  const created = await os.volume.createVolume({
    size: 1,
    name: `${name}-root`,
    imageRef: image.id,
    volumeType: 'lightbits',
  });
  await waitFor(() => os.volume.getVolume(created.id), {
    status: (v) => v.status,
    target: ['available'],
    failures: ['error'],
    ...wait,
  });
  const { id } = await os.compute.createServer({ name, flavorRef: '1', bootVolumeId: created.id, networks: 'none' });
  await waitFor(() => os.compute.getServer(id), {
    status: (s) => s.status,
    target: ['ACTIVE'],
    failures: ['ERROR'],
    ...wait,
  });
  return { serverId: id, volumeId: created.id };
}

describe('getFailoverStatus against the emulator', () => {
  const env = emulatedCloudPerTest();
  const start = env.start;

  it('follows a server to its replicas through a node failure and back', async () => {
    const cloud = await start();
    const { volumeId } = await bootFromCirros(cloud, 'fo-vm');

    const before = failoverOutput.parse(await getFailoverStatus(cloud, { server: 'fo-vm' }));
    expect(before.verdict).toBe('healthy');
    expect(before.target).toMatchObject({ kind: 'server', name: 'fo-vm' });
    const vol = before.volumes[0]!;
    expect(vol.cinder).toMatchObject({ id: volumeId, status: 'in-use' });
    expect(vol.cinder.attachments[0]?.compute_host).toBe('emulator');
    expect(vol.lightbits).toMatchObject({
      status: 'found',
      name: `volume-${volumeId}`,
      protection_state: 'FullyProtected',
    });
    expect(vol.lightbits.replicas).toHaveLength(3);
    const serving = vol.lightbits.serving_node!;
    expect(serving.source).toBe('reported');
    expect(vol.summary).toBe(`served by node ${serving.name}; 3 of 3 replicas healthy; FullyProtected`);

    await env.emu!.faults.failLightbitsNode(serving.uuid);
    const during = await until('the role to move off the failed node', async () => {
      const s = await getFailoverStatus(cloud, { server: 'fo-vm' });
      return s.volumes[0]?.lightbits.failed_nodes.includes(serving.name) && s.volumes[0].lightbits.io_served
        ? s
        : false;
    });
    const v = during.volumes[0]!;
    const now = v.lightbits.serving_node!;
    expect(now.name).not.toBe(serving.name);
    expect(during.verdict).toBe('degraded');
    expect(v.lightbits).toMatchObject({ protection_state: 'Degraded', healthy_replicas: 2 });
    expect(v.summary).toMatch(
      new RegExp(
        `^served by node ${now.name} since \\d\\d:\\d\\d:\\d\\d UTC \\(after node ${serving.name} failed\\); 2 of 3 replicas healthy; Degraded$`,
      ),
    );
    expect(v.lightbits.serving_since).toBeDefined();
    expectNewestFirst(during);
    expect(during.recent_events[0]).toMatchObject({ node_name: serving.name });
    expect(during.notes.some((n) => n.includes('visible only on the compute host'))).toBe(true);

    await env.emu!.faults.restoreLightbitsNode(serving.uuid);
    const after = await until('the node to be back', async () => {
      const s = await getFailoverStatus(cloud, { volume: volumeId });
      return s.volumes[0]?.lightbits.protection_state === 'FullyProtected' ? s : false;
    });
    expect(after.verdict).toBe('healthy');
    expect(after.target).toMatchObject({ kind: 'volume', id: volumeId });
    expect(after.volumes[0]!.summary).toContain('3 of 3 replicas healthy; FullyProtected');
  });

  it('reports the Cinder and Nova side when Lightbits is not configured', async () => {
    const cloud = await start({ lightbits: false });
    await bootFromCirros(cloud, 'plain-vm');
    const s = await getFailoverStatus(cloud, { server: 'plain-vm' });
    expect(s.verdict).toBe('unknown');
    expect(s.volumes[0]!.lightbits.status).toBe('not_configured');
    expect(s.volumes[0]!.summary).toMatch(
      /^Cinder volume is in-use on compute host emulator .*Lightbits is not configured/,
    );
    expect(s.notes[0]).toMatch(/Lightbits is not configured/);
    expect(s.recent_events).toEqual([]);
  });

  it('answers an unknown server or volume with an OpsError that says where to look', async () => {
    const cloud = await start();
    await expect(getFailoverStatus(cloud, { server: 'no-such-vm' })).rejects.toMatchObject({
      code: 'SERVER.NOT_FOUND',
      message: expect.stringContaining('list_servers'),
    });
    await expect(getFailoverStatus(cloud, { volume: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'VOLUME.NOT_FOUND',
    });
  });
});

function expectNewestFirst(s: FailoverOutput): void {
  const times = s.recent_events.map((e) => Date.parse(e.time ?? ''));
  expect(times.length).toBeGreaterThan(0);
  expect([...times].sort((a, b) => b - a)).toEqual(times);
}
