import { createReadStream, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/app/doctor.js';
import { verifyAuditChain } from '../../src/core/audit/verify.js';
import { blockops } from '../helpers/cli.js';
import { deleteTagged, eventually } from './cleanup.js';
import { HttpRecorder } from './recorder.js';
import { dump, type Recording } from './recording.js';
import { bob, type Out, type ScenarioApp, startScenarioApp } from './scenario-app.js';
import { checkServiceErrors } from './scenario-errors.js';
import type { Target } from './target.js';

/**
 * THE scenario, through blockops' own operations (the gateway, and the CLI for doctor), with the same assertions
 * whatever the target: a real OpenStack or the emulator. Registers a describe block; `recording()` is set once done.
 */
export function describeScenario(label: string, makeTarget: () => Promise<Target>, skip: string | false) {
  let recording: Recording | undefined;
  describe.skipIf(skip !== false)(label, () => {
    let target: Target;
    let t: ScenarioApp;
    const recorder = new HttpRecorder();
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      target = await makeTarget();
      t = await startScenarioApp(target);
      recorder.start();
    });
    afterAll(async () => {
      recorder.stop();
      if (t) {
        const left = await deleteTagged((await t.app.cloud()).openstack, t.tag);
        if (left.length) console.warn(`[${target.name}] could not clean up: ${left.join(', ')}`);
        recording = { target, tag: t.tag, exchanges: recorder.exchanges, outputs: t.outputs };
        dump(recording);
        await t.close();
      }
      await target?.close();
    });

    it('blockops doctor is clean, with a password and with an application credential', async () => {
      for (const env of [t.env, { ...target.appCredentialEnv, DATABASE_URL: t.env['DATABASE_URL'] as string }]) {
        const r = await blockops(['doctor', '--json'], env, { cwd: t.dir, timeoutMs: 120_000 });
        expect(r.code, r.stderr + r.stdout).toBe(0);
        const { ok, checks } = JSON.parse(r.stdout) as { ok: boolean; checks: Out[] };
        expect(ok).toBe(true);
        expect(checks.filter((c) => c.level === 'fail')).toEqual([]);
        expect(checks.find((c) => c.name === 'keystone').detail).toMatch(/authenticated as admin/);
        expect(checks.find((c) => c.name === 'glance').detail).toMatch(/cinder \(default\)/);
      }
      // In this process too, so the differential check sees the doctor's calls.
      const checks = await runDoctor(t.app.config, await t.app.cloud(), undefined);
      expect(checks.filter((c) => c.level === 'fail')).toEqual([]);
    });

    for (const [kind, format] of [
      ['raw', 'raw'],
      ['qcow2', 'qcow2'],
    ] as const) {
      it(`uploads a ${kind} image into the Cinder store, checksums matching, and finds its read-only volume`, async () => {
        const up = await t.approved('upload_image', { source: t[kind], name: `${t.tag}-${kind}`, disk_format: format });
        expect(up).toMatchObject({ status: 'active', checksums_match: true, detected_format: format });
        ids[kind] = up.image_id;
        const v = await t.read('verify_image', { image: up.image_id });
        expect(v.verdict).toBe('block-native');
        const cinder = v.steps.find((s: Out) => s.step === 'cinder');
        expect(cinder.facts).toMatchObject({ Name: `image-${up.image_id}`, 'Read-only': true, Type: 'lightbits' });
        expect(v.steps.find((s: Out) => s.step === 'lightbits')?.status).toBe('not_configured');
        const vol = await (await t.app.cloud()).openstack.volume.getVolume(v.volume_id);
        expect(vol).toMatchObject({ name: `image-${up.image_id}`, readonly: true, volumeType: 'lightbits' });
      });
    }

    it('predicts block-clone for raw and copy for qcow2 (not raw)', async () => {
      const raw = await t.read('get_image', { image: ids['raw'] as string });
      expect(raw.clone_path).toMatchObject({ predicted_path: 'block-clone', confidence: 'certain' });
      const qcow2 = await t.read('get_image', { image: ids['qcow2'] as string });
      expect(qcow2.clone_path.predicted_path).toBe('copy');
      expect(qcow2.clone_path.reasons.join(' ')).toMatch(/not raw/);
    });

    for (const [kind, path] of [
      ['raw', 'block-clone'],
      ['qcow2', 'copy'],
    ] as const) {
      it(`clones the ${kind} image by ${path}, as predicted and as Cinder itself did it`, async () => {
        const c = await t.approved('clone_image', { image: ids[kind] as string, name: `${t.tag}-${kind}-vol` });
        expect(c).toMatchObject({ path, predicted_path: path, prediction_matched: true, status: 'available' });
        expect(c.statuses_seen.includes('downloading')).toBe(path === 'copy');
        expect(await target.cinderDid(c.volume_id)).toBe(path);
        ids[`${kind}-vol`] = c.volume_id;
      });
    }

    it('assesses a qcow2 image in the cinder store and a raw one in the file store as copies, naming why', async () => {
      // The raw image goes into Glance's file store directly, as older tooling left images there.
      const os = (await t.app.cloud()).openstack;
      const filed = await os.image.createImage({ name: `${t.tag}-filed`, diskFormat: 'raw', containerFormat: 'bare' });
      await os.image.uploadImageData(filed.id, createReadStream(t.raw), { size: statSync(t.raw).size, store: 'file' });
      ids['filed'] = filed.id;
      const a = await t.read('assess_images', { limit: 5000 });
      const row = (id: string | undefined) => a.images.find((i: Out) => i.image_id === id);
      expect(row(ids['qcow2'])).toMatchObject({ predicted_path: 'copy', route: 'convert-to-raw', stores: ['cinder'] });
      expect(row(ids['qcow2']).failing.map((f: Out) => f.id)).toEqual(['raw_bare']);
      expect(row(ids['qcow2']).volumes_made).toBeGreaterThanOrEqual(1);
      expect(row(ids['qcow2']).image_volume).toMatchObject({ exists: 'yes', read_only: true });
      expect(row(ids['filed'])).toMatchObject({ predicted_path: 'copy', route: 'copy-to-cinder', stores: ['file'] });
      expect(row(ids['filed']).failing.map((f: Out) => f.id)).toEqual(['cinder_location']);
      expect(row(ids['raw'])).toMatchObject({ predicted_path: 'block-clone', route: 'ready' });
    });

    it('adopts both, and volumes from the adopted images are block clones, as Cinder itself did them', async () => {
      const out = await t.approved('adopt_image', { images: [ids['qcow2'], ids['filed']], retire: 'deactivate' });
      const [q, f] = out.adopted;
      expect(q).toMatchObject({
        method: 'qemu-img-convert',
        adopted_name: `${t.tag}-qcow2-raw`,
        retired: 'deactivate',
      });
      expect(f).toMatchObject({ method: 'glance-copy-image', adopted_id: ids['filed'], retired: 'keep' });
      for (const a of [q, f]) {
        expect(a).toMatchObject({ verification: 'block-native', proof: { path: 'block-clone', volume_deleted: true } });
        expect(a.proof.statuses_seen).not.toContain('downloading');
        const c = await t.approved('clone_image', { image: a.adopted_id, name: `${t.tag}-adopted-${a.method}` });
        expect(c).toMatchObject({ path: 'block-clone', predicted_path: 'block-clone' });
        expect(await target.cinderDid(c.volume_id)).toBe('block-clone');
      }
      const os = (await t.app.cloud()).openstack;
      expect((await os.image.getImage(ids['qcow2'] as string)).status).toBe('deactivated');
      expect((await os.image.getImage(ids['filed'] as string)).stores).toEqual(['file', 'cinder']);
      const audit = await verifyAuditChain(t.app.services.store, { keys: [t.app.services.auditKey] });
      expect(audit.ok).toBe(true);
    });

    it('boots a server from the raw clone to ACTIVE with network none', async () => {
      const s = await t.approved('boot_server', {
        volume: ids['raw-vol'],
        flavor: 'm1.tiny',
        network: 'none',
        name: `${t.tag}-srv`,
      });
      expect(s).toMatchObject({ status: 'ACTIVE', volume_id: ids['raw-vol'], network: 'none', addresses: [] });
      expect((await (await t.app.cloud()).openstack.volume.getVolume(ids['raw-vol'] as string)).status).toBe('in-use');
    });

    it('lists what it made', async () => {
      const images = await t.read('list_images', { name: `${t.tag}-raw` });
      expect(images.images.map((i: Out) => i.image_id)).toEqual([ids['raw']]);
      const volumes = await t.read('list_volumes', { name: `${t.tag}-raw-vol` });
      expect(volumes.volumes.map((v: Out) => v.volume_id)).toEqual([ids['raw-vol']]);
      const servers = await t.read('list_servers', { name: `${t.tag}-srv` });
      expect(servers.servers.map((v: Out) => v.status)).toEqual(['ACTIVE']);
      const failover = await t.read('get_failover_status', { server: `${t.tag}-srv` });
      expect(failover.volumes.map((v: Out) => v.cinder.id)).toEqual([ids['raw-vol']]);
    });

    it('refuses launch_server with an unknown flavor before anyone is asked to approve, creating nothing', async () => {
      const from = recorder.exchanges.length;
      await expect(
        t.app.gateway.run(
          'launch_server',
          { image: ids['raw'], flavor: 'no-such-flavor', network: 'none', name: `${t.tag}-bad` },
          bob,
        ),
      ).rejects.toMatchObject({ code: 'FLAVOR.NOT_FOUND', message: expect.stringMatching(/no-such-flavor/) });
      // The flavor is looked up before any request opens: no volume was made, so nothing needs cleaning.
      const calls = recorder.exchanges.slice(from).map((x) => `${x.method} ${new URL(x.url).pathname} ${x.status}`);
      expect(calls.filter((c) => /^POST \S*\/volumes /.test(c))).toEqual([]);
      const os = (await t.app.cloud()).openstack;
      for await (const v of os.volume.listVolumes({})) expect(v.name.startsWith(`${t.tag}-bad`)).toBe(false);
      const pending = await t.app.services.store.requests.list({ operation: 'launch_server' });
      expect(pending.filter((r) => (r.input as { name?: string }).name === `${t.tag}-bad`)).toEqual([]);
    });

    it('sees cinder-volume and nova-compute up, then cinder-volume down when it alone stops', async () => {
      const state = async (binary: string) => {
        const h = await t.read('get_health', {});
        const all = [...h.cinder.services, ...h.nova.services];
        return all.find((s: Out) => s.binary === binary)?.state as string | undefined;
      };
      expect(await state('cinder-volume')).toBe('up');
      expect(await state('nova-compute')).toBe('up');
      await target.stopCinderVolume();
      try {
        expect(await eventually(async () => (await state('cinder-volume')) === 'down', 90_000, 1000)).toBe(true);
        expect(await state('nova-compute')).toBe('up');
      } finally {
        await target.startCinderVolume();
      }
      expect(await eventually(async () => (await state('cinder-volume')) === 'up', 90_000, 1000)).toBe(true);
    });

    it("turns the services' errors into clear blockops errors with their request ids", async () => {
      await checkServiceErrors(t, { activeImage: ids['raw'] as string });
    });
  });
  return { recording: () => recording };
}
