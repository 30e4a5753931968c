import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/clients/openstack/index.js';
import { hmacKey } from '../../src/core/audit/key.js';
import { requestDigest } from '../../src/core/engine/request-digest.js';
import type { RequestView } from '../../src/core/engine/request-view.js';
import type { Actor } from '../../src/core/people/actor.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';
import { makeRawImage } from '../helpers/images.js';
import { engines } from '../helpers/store-engines.js';

const bob: Actor = { id: 'bob', via: 'cli' };
const carol: Actor = { id: 'carol', via: 'cli' };
const alice: Actor = { id: 'U0ALICE', via: 'slack' };

const POLICY = `
version: 1
approver_groups: { approvers: { members: [U0ALICE] } }
roles: { operator: [read, write] }
actors: { '*': [operator] }
operations:
  clone_image: { approval: { approvals: 1, group: approvers } }
  launch_server: { approval: { approvals: 1, group: approvers } }
  boot_server: { approval: { approvals: 1, group: approvers } }
`;

/**
 * An approval is bound to what the approver saw: names are resolved to ids when the request opens, the job runs on
 * the ids, and a job whose input no longer matches the keyed digest it was approved with does not run.
 */
describe.each(engines('binding'))('requests bound to their resolved input ($name)', (engine) => {
  let t: EmulatedApp;

  beforeAll(async () => {
    await engine.setup();
    t = await startEmulatedApp({ policy: POLICY, databaseUrl: engine.url() });
    for (const name of ['golden', 'spare']) {
      makeRawImage(join(t.imageDir, `${name}.raw`), 1024 * 1024);
      const up = await t.app.gateway.run(
        'upload_image',
        { source: join(t.imageDir, `${name}.raw`), name, disk_format: 'raw' },
        bob,
      );
      expect(up.status).toBe('succeeded');
    }
  });
  afterAll(async () => {
    await t.close();
    await engine.teardown();
  });

  const ask = async (op: string, input: Record<string, unknown>, who: Actor = bob): Promise<RequestView> => {
    const r = await t.app.gateway.run(op, input, who);
    if (r.status !== 'pending_approval') throw new Error(`${op} answered ${r.status}, not pending_approval`);
    return r.request;
  };
  const approve = async (id: string) => {
    const r = await t.app.gateway.run('approve_request', { request_id: id }, alice);
    if (r.status !== 'succeeded') throw new Error(`approve answered ${r.status}`);
    return r.output as RequestView;
  };
  const imageId = async (name: string) => {
    const cloud = await t.app.cloud();
    return (await cloud.openstack.image.findImage(name))!.id;
  };
  const rename = async (id: string, name: string) => {
    const cloud = await t.app.cloud();
    await cloud.openstack.image.updateImage(id, [{ op: 'replace', path: '/name', value: name }]);
  };
  const volumesNamed = async (name: string) => {
    const cloud = await t.app.cloud();
    return (await collect(cloud.openstack.volume.listVolumes({ name }))).length;
  };

  it('runs the image the approver saw, though another image was renamed to its name meanwhile', async () => {
    const golden = await imageId('golden');
    const spare = await imageId('spare');
    const asked = await ask('clone_image', { image: 'golden', name: 'bound-clone' });
    expect(asked.preview).toContain(`image "golden" = ${golden}`);
    expect(asked.input).toMatchObject({ image: golden });

    await rename(golden, 'golden-old');
    await rename(spare, 'golden');
    const done = await approve(asked.request_id);

    expect(done.status).toBe('succeeded');
    expect((done.result as { image_id: string }).image_id).toBe(golden);
    await rename(spare, 'spare');
    await rename(golden, 'golden');
  });

  it('refuses at run time a pending request whose input was edited in the database, and audits it', async () => {
    const asked = await ask('clone_image', { image: 'cirros', name: 'as-asked' });
    const where = `where id = '${asked.request_id}'`;
    await engine.exec(
      engine.name === 'postgres'
        ? `update requests set input = jsonb_set(input, '{name}', '"as-edited"') ${where}`
        : `update requests set input = json_set(input, '$.name', 'as-edited') ${where}`,
    );

    const done = await approve(asked.request_id);

    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('APPROVAL.INPUT_CHANGED');
    expect(await volumesNamed('as-edited')).toBe(0);
    expect(await volumesNamed('as-asked')).toBe(0);
    const trail = await t.app.services.store.audit.query({ resource: asked.request_id });
    const failed = trail.find((e) => e.event === 'failed');
    expect(failed?.error?.code).toBe('APPROVAL.INPUT_CHANGED');
    expect(trail.some((e) => e.event === 'started')).toBe(false);
  });

  it('refuses an edited input whose digest was recomputed without blockops’ key', async () => {
    const asked = await ask('clone_image', { image: 'cirros', name: 'forged' });
    const row = await t.app.services.store.requests.get(asked.request_id);
    const edited = { ...(row!.input as Record<string, unknown>), name: 'forged-edit' };
    const forged = requestDigest(hmacKey(Buffer.alloc(32, 7)), 'clone_image', edited);
    const where = `where id = '${asked.request_id}'`;
    const json = JSON.stringify(edited).replace(/'/g, "''");
    await engine.exec(`update requests set input = '${json}', digest = '${forged}' ${where}`);

    const done = await approve(asked.request_id);

    expect(done.error?.code).toBe('APPROVAL.INPUT_CHANGED');
    expect(await volumesNamed('forged-edit')).toBe(0);
  });

  it('answers the same person asking twice with the one request, and another person with their own', async () => {
    const first = await ask('clone_image', { image: 'cirros', name: 'twice' });
    const again = await ask('clone_image', { image: 'cirros', name: 'twice' });
    const other = await ask('clone_image', { image: 'cirros', name: 'twice' }, carol);
    expect(again.request_id).toBe(first.request_id);
    expect(other.request_id).not.toBe(first.request_id);
    const pending = await t.app.services.store.requests.list({ state: 'pending', operation: 'clone_image' });
    expect(pending.filter((r) => (r.input as { name?: string }).name === 'twice')).toHaveLength(2);
  });

  describe('doomed requests are refused before anyone is asked to approve', () => {
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['an unknown flavor', 'launch_server', { image: 'cirros', flavor: 'm9.huge', name: 'x' }, 'FLAVOR.NOT_FOUND'],
      [
        'an unknown network',
        'launch_server',
        { image: 'cirros', flavor: 'm1.tiny', network: 'nowhere', name: 'x' },
        'NETWORK.NOT_FOUND',
      ],
      [
        'an unknown key pair',
        'launch_server',
        { image: 'cirros', flavor: 'm1.tiny', key_name: 'nokey', name: 'x' },
        'KEY_PAIR.NOT_FOUND',
      ],
      ['an unknown volume', 'boot_server', { volume: 'no-such-volume', flavor: 'm1.tiny' }, 'VOLUME.NOT_FOUND'],
      [
        'an unknown volume type',
        'clone_image',
        { image: 'cirros', volume_type: 'gold-plated' },
        'VOLUME_TYPE.NOT_FOUND',
      ],
    ];
    it.each(cases)('%s', async (_what, op, input, code) => {
      const before = (await t.app.services.store.requests.list({ operation: op, limit: 200 })).length;
      await expect(t.app.gateway.run(op, input, bob)).rejects.toMatchObject({ code });
      expect((await t.app.services.store.requests.list({ operation: op, limit: 200 })).length).toBe(before);
    });

    it('an image that is not active, and the refusal is audited with what to fix', async () => {
      const cloud = await t.app.cloud();
      const queued = await cloud.openstack.image.createImage({
        name: 'never-uploaded',
        diskFormat: 'raw',
        containerFormat: 'bare',
      });
      await expect(t.app.gateway.run('clone_image', { image: queued.id }, bob)).rejects.toMatchObject({
        code: 'IMAGE.NOT_ACTIVE',
        message: expect.stringMatching(/only an active image can be used/),
      });
      const refusals = await t.app.services.store.audit.query({ event: 'refused', operation: 'clone_image' });
      expect(refusals[0]?.error?.code).toBe('IMAGE.NOT_ACTIVE');
    });

    it('a volume that is not bootable', async () => {
      const cloud = await t.app.cloud();
      const blank = await cloud.openstack.volume.createVolume({ size: 1, name: 'blank-disk' });
      const ready = async () => (await cloud.openstack.volume.getVolume(blank.id)).status === 'available';
      for (let i = 0; i < 100 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 50));
      await expect(
        t.app.gateway.run('boot_server', { volume: blank.id, flavor: 'm1.tiny' }, bob),
      ).rejects.toMatchObject({ code: 'VOLUME.NOT_BOOTABLE' });
    });

    it('a web-download given a file path', async () => {
      await expect(
        t.app.gateway.run(
          'upload_image',
          {
            source: join(t.imageDir, 'golden.raw'),
            name: 'wd',
            disk_format: 'raw',
            import_method: 'web-download',
          },
          bob,
        ),
      ).rejects.toMatchObject({ code: 'UPLOAD.SOURCE_REFUSED', message: expect.stringMatching(/is a file path/) });
    });
  });
});
