import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/people/actor.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';
import { makeQcow2Image } from '../helpers/images.js';

const bob: Actor = { id: 'bob', via: 'cli' };

const POLICY = `
version: 1
roles: { operator: [read, write] }
actors: { '*': [operator] }
operations:
  clone_image: { limits: { max_size_gb: 2 } }
  launch_server: { limits: { max_size_gb: 2, allowed_networks: [private] } }
  boot_server: { limits: { allowed_networks: [private] } }
`;

/** Limits hold for the values an operation will really use, not only for the fields a caller typed. */
describe('policy limits on effective values', () => {
  let t: EmulatedApp;
  beforeAll(async () => {
    t = await startEmulatedApp({ policy: POLICY });
    makeQcow2Image(join(t.imageDir, 'big.qcow2'), 3 * 1024 ** 3);
    const up = await t.app.gateway.run(
      'upload_image',
      { source: join(t.imageDir, 'big.qcow2'), name: 'big', disk_format: 'qcow2' },
      bob,
    );
    expect(up.status).toBe('succeeded');
  });
  afterAll(() => t.close());

  async function refusedWithNothingOpened(op: string, input: Record<string, unknown>, pattern: RegExp) {
    const before = (await t.app.services.store.requests.list({ operation: op })).length;
    await expect(t.app.gateway.run(op, input, bob)).rejects.toMatchObject({
      code: 'POLICY.LIMIT',
      message: expect.stringMatching(pattern),
    });
    expect((await t.app.services.store.requests.list({ operation: op })).length).toBe(before);
    const refusal = (await t.app.services.store.audit.query({ event: 'refused', operation: op }))[0];
    expect(refusal?.error?.code).toBe('POLICY.LIMIT');
  }

  it('applies max_size_gb to the size a clone would pick for itself', async () => {
    await refusedWithNothingOpened('clone_image', { image: 'big' }, /size_gb 3 is over the policy's limit of 2 GB/);
    await refusedWithNothingOpened(
      'launch_server',
      { image: 'big', flavor: 'm1.tiny', network: 'private', name: 'x' },
      /size_gb 3/,
    );
  });

  it('applies allowed_networks to the auto network a server gets when none is named', async () => {
    await refusedWithNothingOpened(
      'launch_server',
      { image: 'cirros', flavor: 'm1.tiny', name: 'y' },
      /network "auto" is not allowed/,
    );
    const clone = await t.app.gateway.run('clone_image', { image: 'cirros', name: 'limits-boot' }, bob);
    const volume = (clone.status === 'succeeded' ? clone.output : undefined) as { volume_id: string } | undefined;
    await refusedWithNothingOpened(
      'boot_server',
      { volume: volume?.volume_id ?? 'missing', flavor: 'm1.tiny' },
      /network "auto" is not allowed/,
    );
  });

  it('refuses an unknown image before anyone is asked to approve', async () => {
    const before = (await t.app.services.store.requests.list({ operation: 'clone_image' })).length;
    await expect(t.app.gateway.run('clone_image', { image: 'no-such-image' }, bob)).rejects.toMatchObject({
      code: 'IMAGE.NOT_FOUND',
    });
    expect(await t.app.services.store.requests.list({ operation: 'clone_image' })).toHaveLength(before);
  });

  it('still runs what is within the limits', async () => {
    const ok = await t.app.gateway.run('clone_image', { image: 'cirros' }, bob);
    expect(ok.status).toBe('succeeded');
  });
});
