import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/core/audit/verify.js';
import type { RequestView } from '../../src/core/engine/request-view.js';
import { bob, bobAsksAliceApproves, readAsBob } from '../helpers/approved.js';
import { blockops } from '../helpers/cli.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';
import { makeQcow2Image, makeRawImage } from '../helpers/images.js';
import { hasQemuImg } from '../helpers/qemu-img.js';

// biome-ignore lint/suspicious/noExplicitAny: outputs are checked field by field below
type Out = any;

/**
 * Image adoption through the gateway, over real HTTP to the emulator, real qemu-img and a real SQLite store: a qcow2
 * image in the cinder store and a raw image in the file store are assessed as copies, adopted (bob asks, alice
 * approves), and volumes from the adopted images are block clones; the audit chain stays intact.
 */
// Needs the real qemu-img to convert (see test/helpers/qemu-img.ts for why it may be absent).
describe.skipIf(!hasQemuImg)('assess_images and adopt_image', () => {
  let t: EmulatedApp;
  const ids: Record<string, string> = {};

  const approved = async (op: string, input: Record<string, unknown>): Promise<Out> =>
    bobAsksAliceApproves(t.app, op, input);
  const read = async (op: string, input: Record<string, unknown>): Promise<Out> => readAsBob(t.app, op, input);

  /** An image put straight into a store through Glance, as an operator's older tooling did. */
  async function seedImage(name: string, path: string, diskFormat: string, store: string): Promise<string> {
    const cloud = await t.app.cloud();
    const img = await cloud.openstack.image.createImage({
      name,
      diskFormat,
      containerFormat: 'bare',
      minDisk: 1,
      properties: { hw_disk_bus: 'scsi', os_distro: 'alma' },
    });
    await cloud.openstack.image.uploadImageData(img.id, createReadStream(path), { size: statSync(path).size, store });
    return img.id;
  }

  beforeAll(async () => {
    t = await startEmulatedApp();
    makeQcow2Image(join(t.imageDir, 'legacy.qcow2'), 64 * 1024 * 1024);
    makeRawImage(join(t.imageDir, 'filed.raw'), 3 * 1024 * 1024);
    ids['qcow2'] = await seedImage('legacy-qcow2', join(t.imageDir, 'legacy.qcow2'), 'qcow2', 'cinder');
    ids['file'] = await seedImage('filed-raw', join(t.imageDir, 'filed.raw'), 'raw', 'file');
    // A volume made from the qcow2 image: a copy, counted by the assessment.
    await approved('clone_image', { image: ids['qcow2'], name: 'old-copy' });
  }, 60_000);
  afterAll(() => t.close());

  it('assesses both as will-copy with the right reasons, and the seeded cirros as ready', async () => {
    const a = await read('assess_images', {});
    const row = (id: string | undefined) => a.images.find((i: Out) => i.image_id === id);
    expect(row(ids['qcow2'])).toMatchObject({
      predicted_path: 'copy',
      route: 'convert-to-raw',
      volumes_made: 1,
      image_volume: { exists: 'yes', read_only: true, on_target_backend: 'yes' },
    });
    expect(row(ids['qcow2']).failing.map((f: Out) => f.id)).toEqual(['raw_bare']);
    expect(row(ids['qcow2']).copy_cost_bytes).toBe(64 * 1024 * 1024);
    expect(row(ids['file'])).toMatchObject({ predicted_path: 'copy', route: 'copy-to-cinder', stores: ['file'] });
    expect(row(ids['file']).failing.map((f: Out) => f.id)).toEqual(['cinder_location']);
    expect(a.images.find((i: Out) => i.name === 'cirros')).toMatchObject({
      predicted_path: 'block-clone',
      route: 'ready',
    });
    expect(a.summary.will_copy_by_reason).toMatchObject({ raw_bare: 1, cinder_location: 1 });
    expect(a.summary.file_store_bytes).toBe(3 * 1024 * 1024);
  });

  it('prints the assessment as a table with the CLI, and as JSON with --json', async () => {
    const table = await blockops(['assess-images', '--show', 'will-copy'], t.env, { cwd: t.dir });
    expect(table.code, table.stderr).toBe(0);
    const line = table.stdout.split('\n').find((l) => l.startsWith('legacy-qcow2 '));
    expect(line).toMatch(/qcow2\/bare\s+cinder\s+.*copy\s+raw_bare\s+1\s+convert-to-raw$/);
    expect(table.stdout).toMatch(
      /^ready for block clones: \d+ of \d+; will copy: 2 \((raw_bare=1, cinder_location=1|cinder_location=1, raw_bare=1)\)$/m,
    );
    const json = await blockops(['assess-images', '--json'], t.env, { cwd: t.dir });
    expect(JSON.parse(json.stdout).summary.will_copy).toBe(2);
  }, 60_000);

  it('refuses before approval an image already on the fast path, and deleting an original in use', async () => {
    const ready = await t.app.gateway.run('adopt_image', { images: ['cirros'] }, bob).catch((e: unknown) => e);
    expect(ready).toMatchObject({ code: 'ADOPT.NOT_ADOPTABLE' });
    const inUse = await t.app.gateway
      .run('adopt_image', { images: [ids['qcow2']], retire: 'delete' }, bob)
      .catch((e: unknown) => e);
    expect(inUse).toMatchObject({ code: 'ADOPT.IN_USE' });
  });

  it('binds the batch to image ids when asked: the request runs on the ids the names resolved to', async () => {
    const asked = await t.app.gateway.run('adopt_image', { images: ['legacy-qcow2'] }, bob);
    if (asked.status !== 'pending_approval') throw new Error('adopt_image should need approval');
    const request = asked.request as RequestView & { input?: { images?: string[] } };
    expect(request.input?.images).toEqual([ids['qcow2']]);
    expect(request.preview).toContain(`images "legacy-qcow2" = ${ids['qcow2']}`);
    await t.app.gateway.run('cancel_request', { request_id: request.request_id }, bob);

    const twice = await t.app.gateway
      .run('adopt_image', { images: ['legacy-qcow2', ids['qcow2'] ?? ''] }, bob)
      .catch((e: unknown) => e);
    expect(twice).toMatchObject({ code: 'VALIDATION.FAILED' });
  });

  it('adopts both as one approved batch: convert the qcow2, copy-image the raw, each proven a block clone', async () => {
    // The qcow2 original is shared (Glance's default visibility) with two projects: one accepted, one not yet.
    const glance = (await t.app.cloud()).openstack.image;
    await glance.addImageMember(ids['qcow2'] ?? '', 'project-accepted');
    await glance.updateImageMember(ids['qcow2'] ?? '', 'project-accepted', 'accepted');
    await glance.addImageMember(ids['qcow2'] ?? '', 'project-pending');
    const out = await approved('adopt_image', { images: [ids['qcow2'], ids['file']], retire: 'hide' });
    const [q, f] = out.adopted;
    expect(q).toMatchObject({
      original_id: ids['qcow2'],
      route: 'convert-to-raw',
      method: 'qemu-img-convert',
      adopted_name: 'legacy-qcow2-raw',
      bytes_out: 64 * 1024 * 1024,
      verification: 'block-native',
      retired: 'hide',
      volumes_made_from_original: 1,
      proof: { path: 'block-clone', volume_deleted: true },
    });
    expect(q.proof.statuses_seen).not.toContain('downloading');
    expect(q.steps.map((s: Out) => s.phase)).toEqual([
      'plan',
      'download',
      'convert',
      'upload',
      'members',
      'verify',
      'proof-clone',
      'retire',
    ]);
    expect(f).toMatchObject({
      route: 'copy-to-cinder',
      method: 'glance-copy-image',
      adopted_id: ids['file'],
      retired: 'keep',
    });
    expect(f.proof.path).toBe('block-clone');

    const cloud = await t.app.cloud();
    const adopted = await cloud.openstack.image.getImage(q.adopted_id);
    expect(adopted).toMatchObject({ diskFormat: 'raw', containerFormat: 'bare', minDisk: 1, stores: ['cinder'] });
    expect(adopted.properties).toMatchObject({
      hw_disk_bus: 'scsi',
      os_distro: 'alma',
      blockops_adopted_from: ids['qcow2'],
    });
    expect(adopted.visibility).toBe('shared');
    expect(await cloud.openstack.image.listImageMembers(q.adopted_id)).toEqual([
      { memberId: 'project-accepted', imageId: q.adopted_id, status: 'accepted' },
      { memberId: 'project-pending', imageId: q.adopted_id, status: 'pending' },
    ]);
    expect((await cloud.openstack.image.getImage(ids['qcow2'] ?? '')).hidden).toBe(true);
    expect((await cloud.openstack.image.getImage(ids['file'] ?? '')).stores).toEqual(['file', 'cinder']);
    const proofs = [];
    for await (const v of cloud.openstack.volume.listVolumes({ allTenants: true })) {
      if (v.name.startsWith('blockops-adopt-proof-') && v.status !== 'deleting') proofs.push(v.id);
    }
    expect(proofs).toEqual([]);
    ids['adopted'] = q.adopted_id;
  }, 60_000);

  it('upload_image with convert_to_raw lands a qcow2 file as raw+bare, block-native; refuses it for raw or a URL', async () => {
    const up = await approved('upload_image', {
      source: join(t.imageDir, 'legacy.qcow2'),
      name: 'converted-on-upload',
      disk_format: 'qcow2',
      convert_to_raw: true,
    });
    expect(up).toMatchObject({ disk_format: 'raw', container_format: 'bare', size_bytes: 64 * 1024 * 1024 });
    expect(up.verification.verdict).toBe('block-native');
    expect(up.notes[0]).toMatch(/Converted from qcow2 to raw/);
    for (const bad of [
      { source: join(t.imageDir, 'filed.raw'), disk_format: 'raw' },
      { source: 'https://example.com/x.qcow2', disk_format: 'qcow2' },
    ]) {
      const refused = await t.app.gateway
        .run('upload_image', { ...bad, name: 'never', convert_to_raw: true }, bob)
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'UPLOAD.SOURCE_REFUSED' });
    }
  }, 60_000);

  it('streams an image of more than 64 MiB out of Glance whole (the client caps JSON bodies, not downloads)', async () => {
    makeRawImage(join(t.imageDir, 'big.raw'), 65 * 1024 * 1024);
    const id = await seedImage('big-raw', join(t.imageDir, 'big.raw'), 'raw', 'file');
    const cloud = await t.app.cloud();
    const { stream, size } = await cloud.openstack.image.downloadImageData(id);
    let bytes = 0;
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
    expect({ bytes, size }).toEqual({ bytes: 65 * 1024 * 1024, size: 65 * 1024 * 1024 });
  }, 60_000);

  it('makes block clones from both adopted images, and the audit chain is intact', async () => {
    for (const image of [ids['adopted'], ids['file']]) {
      const v = await approved('clone_image', { image: image ?? '', name: `after-${image?.slice(0, 6)}` });
      expect(v.path).toBe('block-clone');
      expect(v.statuses_seen).not.toContain('downloading');
    }
    const after = await read('assess_images', { show: 'will-copy' });
    expect(after.images.map((i: Out) => i.image_id)).not.toContain(ids['file']);
    const audit = await verifyAuditChain(t.app.services.store, { keys: [t.app.services.auditKey] });
    expect(audit.ok).toBe(true);
  });
});
