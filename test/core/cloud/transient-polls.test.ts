import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCloud } from '../../../src/app/cloud.js';
import { isOpenStackError, waitFor } from '../../../src/clients/openstack/index.js';
import { bootServer } from '../../../src/core/boot/boot-server.js';
import { cloneImage } from '../../../src/core/clone/clone-image.js';
import type { Cloud } from '../../../src/core/cloud/cloud.js';
import type { OperationContext } from '../../../src/core/engine/operation.js';
import type { RequestDesk } from '../../../src/core/engine/request-desk.js';
import { uploadImageInput } from '../../../src/core/upload/schema.js';
import { uploadImage } from '../../../src/core/upload/upload-image.op.js';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';

/**
 * Six 503s in a row on a resource's status poll: more than the HTTP layer's own retries (three tries a call), so
 * two polls fail in a row. The resource itself is fine, and the operation must ride through and keep it.
 */
const BURST = 6;

describe('a burst of 5xx on a status poll does not fail the operation nor delete a healthy resource', () => {
  let emu: RunningEmulator;
  let cloud: Cloud;
  let dir: string;

  const ctx = (): OperationContext => ({
    actor: { id: 'tester', via: 'cli' },
    requestId: undefined,
    cloud: async () => cloud,
    desk: undefined as unknown as RequestDesk, // these operations never touch approval requests
    now: () => new Date(),
    progress: () => {},
    signal: new AbortController().signal,
    checkpoint: async () => {},
    resumeFrom: undefined,
  });

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'transient-polls-')));
    writeFileSync(join(dir, 'disk.raw'), randomBytes(64 * 1024));
    cloud = emulatorCloud(emu, { imageDirs: [dir], pollMs: 20, lightbits: false });
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clone_image: Cinder GET /volumes/{id} answers 503 six times; the volume ends available and is kept', async () => {
    emu.faults.injectHttp({
      method: 'GET',
      path: '^/volume/v3/[^/]+/volumes/[0-9a-f-]{36}$',
      status: 503,
      count: BURST,
    });
    const out = await cloneImage(cloud, { image: 'cirros', name: 'flaky-clone' }, ctx());
    expect(emu.faults.clearHttp()).toBe(0); // every injected 503 was served to a poll
    expect(out.status).toBe('available');
    expect((await cloud.openstack.volume.getVolume(out.volume_id)).status).toBe('available');
  });

  it('boot_server: Nova GET /servers/{id} answers 503 six times; the server ends ACTIVE and is kept', async () => {
    const vol = await cloneImage(cloud, { image: 'cirros', name: 'flaky-boot-vol' }, ctx());
    emu.faults.injectHttp({ method: 'GET', path: '^/compute/v2.1/servers/[0-9a-f-]{36}$', status: 503, count: BURST });
    const out = await bootServer(
      cloud,
      { volume: vol.volume_id, flavor: 'm1.small', network: 'private', name: 'flaky-boot' },
      ctx(),
    );
    expect(emu.faults.clearHttp()).toBe(0);
    expect(out.status).toBe('ACTIVE');
    expect((await cloud.openstack.compute.getServer(out.server_id)).status).toBe('ACTIVE');
  });

  it('upload_image: Glance GET /images/{id} answers 503 six times; the image ends active and is kept', async () => {
    emu.faults.injectHttp({ method: 'GET', path: '^/image/v2/images/[0-9a-f-]{36}$', status: 503, count: BURST });
    const raw = await uploadImage.run(
      uploadImageInput.parse({ source: join(dir, 'disk.raw'), name: 'flaky-up', disk_format: 'raw' }),
      ctx(),
    );
    const out = uploadImage.output.parse(raw);
    expect(emu.faults.clearHttp()).toBe(0);
    expect(out.status).toBe('active');
    expect((await cloud.openstack.image.getImage(out.image_id)).status).toBe('active');
  });

  it('a lasting outage still ends at the deadline, with a timeout that names the failed polls', async () => {
    const vol = await cloneImage(cloud, { image: 'cirros', name: 'outage-vol' }, ctx());
    emu.faults.injectHttp({
      method: 'GET',
      path: `^/volume/v3/[^/]+/volumes/${vol.volume_id}$`,
      status: 500,
      count: 1000,
    });
    const err: unknown = await waitFor(() => cloud.openstack.volume.getVolume(vol.volume_id), {
      status: (v) => v.status,
      target: ['in-use'],
      failures: ['error'],
      timeoutMs: 1_500,
      intervalMs: 20,
      resource: `volume ${vol.volume_id}`,
    }).catch((e: unknown) => e);
    emu.faults.clearHttp();
    expect(isOpenStackError(err, 'WAIT_TIMEOUT')).toBe(true);
    expect((err as Error).message).toMatch(
      /the last \d+ poll\(s\) failed: cinder GET \S+: Injected fault[^.]*HTTP 500 on purpose\. Check the service/,
    );
  });
});
