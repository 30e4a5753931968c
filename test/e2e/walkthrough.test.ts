import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit/verify.js';
import type { RequestView } from '../../src/core/engine/request-view.js';
import { alice, bob, bobAsksAliceApproves, readAsBob } from '../helpers/approved.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';
import { makeQcow2Image, makeRawImage } from '../helpers/images.js';

// biome-ignore lint/suspicious/noExplicitAny: outputs are checked field by field below
type Out = any;

/**
 * The seed walkthrough through the gateway, over real HTTP to the emulator, under the default policy:
 * bob asks, alice approves, and every step is checked against what the emulated cloud really holds.
 */
describe('seed walkthrough through the gateway', () => {
  let t: EmulatedApp;
  const state: Record<string, string> = {};

  const approved = async (op: string, input: Record<string, unknown>): Promise<Out> =>
    bobAsksAliceApproves(t.app, op, input);
  const read = async (op: string, input: Record<string, unknown>): Promise<Out> => readAsBob(t.app, op, input);

  beforeAll(async () => {
    t = await startEmulatedApp();
    makeRawImage(join(t.imageDir, 'alma.raw'), 3 * 1024 * 1024);
    makeQcow2Image(join(t.imageDir, 'alma.qcow2'), 64 * 1024 * 1024);
  });
  afterAll(() => t.close());

  it('uploads a raw image, streamed and checksummed, into the Cinder store', async () => {
    const progress: string[] = [];
    const asked = await t.app.gateway.run(
      'upload_image',
      { source: join(t.imageDir, 'alma.raw'), name: 'alma-raw', disk_format: 'raw' },
      bob,
    );
    if (asked.status !== 'pending_approval') throw new Error('upload needs approval by default');
    t.app.services.jobs.subscribe(asked.request.request_id, (e) => e.progress && progress.push(e.progress.message));
    const done = await t.app.gateway.run('approve_request', { request_id: asked.request.request_id }, alice);
    const out = (done as { output: RequestView }).output.result as Out;
    expect(out).toMatchObject({ status: 'active', checksums_match: true, detected_format: 'raw' });
    expect(out.verification.verdict).toBe('block-native');
    expect(progress.length).toBeGreaterThan(0);
    state['raw'] = out.image_id;
  });

  it('verifies where it landed: cinder:// → read-only image-<ID> of type lightbits → Lightbits volume', async () => {
    const v = await read('verify_image', { image: 'alma-raw' });
    expect(v.verdict).toBe('block-native');
    const cinder = v.steps.find((s: Out) => s.step === 'cinder');
    expect(cinder.facts).toMatchObject({ Name: `image-${state['raw']}`, 'Read-only': true, Type: 'lightbits' });
    const lb = v.steps.find((s: Out) => s.step === 'lightbits');
    expect(lb).toMatchObject({ status: 'ok', facts: { State: 'Available', 'Protection State': 'FullyProtected' } });
    // Cross-check with the cloud itself, not only with what blockops says.
    const cloud = await t.app.cloud();
    const vol = await cloud.openstack.volume.getVolume(v.volume_id);
    expect(vol).toMatchObject({ name: `image-${state['raw']}`, readonly: true, volumeType: 'lightbits' });
    expect(await cloud.lightbits?.findVolumeByName(`volume-${vol.id}`)).toMatchObject({
      uuid: v.lightbits_volume_uuid,
    });
  });

  it('predicts and takes the block-clone fast path for the raw image', async () => {
    const img = await read('get_image', { image: 'alma-raw' });
    expect(img.clone_path).toMatchObject({ predicted_path: 'block-clone', confidence: 'certain' });
    const clone = await approved('clone_image', { image: 'alma-raw', name: 'alma-boot' });
    expect(clone).toMatchObject({
      path: 'block-clone',
      predicted_path: 'block-clone',
      prediction_matched: true,
      status: 'available',
    });
    expect(clone.statuses_seen).not.toContain('downloading');
    expect(clone.path_evidence).toMatch(/for_clone_/);
    state['volume'] = clone.volume_id;
  });

  it('boots a server from that volume to ACTIVE with addresses', async () => {
    const server = await approved('boot_server', {
      volume: 'alma-boot',
      flavor: 'm1.small',
      network: 'private',
      name: 'web1',
    });
    expect(server).toMatchObject({ status: 'ACTIVE', volume_id: state['volume'] });
    expect(server.addresses[0]).toMatchObject({ network: 'private' });
    state['server'] = server.server_id;
    const cloud = await t.app.cloud();
    expect((await cloud.openstack.volume.getVolume(state['volume'] as string)).status).toBe('in-use');
  });

  it('names the new serving node after the serving node fails', async () => {
    const before = await read('get_failover_status', { server: 'web1' });
    expect(before.verdict).toBe('healthy');
    const serving = before.volumes[0].lightbits.serving_node;
    await t.emu.faults.failLightbitsNode(serving.uuid);
    onTestFinished(() => t.emu.faults.restoreLightbitsNode(serving.uuid));
    const after = await read('get_failover_status', { server: 'web1' });
    expect(after.verdict).toBe('degraded');
    const lb = after.volumes[0].lightbits;
    expect(lb.protection_state).toBe('Degraded');
    expect(lb.serving_node.uuid).not.toBe(serving.uuid);
    expect(after.summary).toMatch(/2 of 3 replicas healthy/);
    const health = await read('get_health', {});
    expect(health.verdict).toBe('degraded');
  });

  it('says a qcow2 upload gives copies, predicts it, and sees Cinder download it', async () => {
    const up = await approved('upload_image', {
      source: join(t.imageDir, 'alma.qcow2'),
      name: 'alma-qcow2',
      disk_format: 'qcow2',
    });
    expect(up).toMatchObject({ checksums_match: true, detected_format: 'qcow2' });
    const img = await read('get_image', { image: 'alma-qcow2' });
    expect(img.clone_path.predicted_path).toBe('copy');
    expect(img.clone_path.reasons.join(' ')).toMatch(/not raw/);
    const clone = await approved('clone_image', { image: 'alma-qcow2' });
    expect(clone).toMatchObject({ path: 'copy', predicted_path: 'copy', prediction_matched: true });
    expect(clone.statuses_seen).toContain('downloading');
    expect(clone.advice.join(' ')).toMatch(/qemu-img convert -O raw/);
  });

  it('launches clone+boot in one action, and cleans up the clone when the boot fails', async () => {
    const ok = await approved('launch_server', {
      image: 'cirros',
      flavor: 'm1.tiny',
      network: 'none',
      name: 'batch',
      count: 2,
    });
    expect(ok.servers.map((s: Out) => s.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect(ok.path).toBe('block-clone');

    const cloud = await t.app.cloud();
    const volumesBefore = (await t.app.gateway.run('list_volumes', { limit: 1000 }, bob)) as Out;
    t.emu.faults.failNextBoot('No valid host was found.');
    const asked = await t.app.gateway.run(
      'launch_server',
      { image: 'cirros', flavor: 'm1.tiny', network: 'none', name: 'doomed' },
      bob,
    );
    if (asked.status !== 'pending_approval') throw new Error('launch needs approval');
    const done = (await t.app.gateway.run('approve_request', { request_id: asked.request.request_id }, alice)) as Out;
    expect(done.output).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/No valid host/) } });
    expect(done.output.leftovers ?? []).toEqual([]);
    const volumesAfter = (await t.app.gateway.run('list_volumes', { limit: 1000 }, bob)) as Out;
    expect(volumesAfter.output.volumes.length).toBe(volumesBefore.output.volumes.length);
    let doomed = 0;
    for await (const s of cloud.openstack.compute.listServers({ name: 'doomed' })) if (s.name === 'doomed') doomed++;
    expect(doomed).toBe(0);
  });

  it('kept a tamper-evident audit trail of all of it, with OpenStack request ids', async () => {
    expect(await verifyAuditChain(t.app.services.store, { keys: [t.app.services.auditKey] })).toMatchObject({
      ok: true,
    });
    const done = await t.app.services.store.audit.query({ event: 'succeeded', operation: 'clone_image' });
    expect(done.length).toBe(2);
    const ids = (done[0]?.apiRequests ?? []).filter((r) => r.service === 'cinder' && r.requestId?.startsWith('req-'));
    expect(ids.length).toBeGreaterThan(0);
  });
});
