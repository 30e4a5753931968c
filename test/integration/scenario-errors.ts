import { join } from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { OpsError } from '../../src/core/errors/ops-error.js';
import { toOpsError } from '../../src/core/errors/to-ops-error.js';
import { bob, type ScenarioApp } from './scenario-app.js';

const NO_SUCH_ID = '00000000-0000-0000-0000-000000000000';

async function failure(p: Promise<unknown>): Promise<OpsError> {
  try {
    await p;
  } catch (e) {
    return toOpsError(e);
  }
  throw new Error('expected the call to fail');
}

/** A blockops error for an HTTP failure: stable code, the status and the service's words, and its request id. */
function expectServiceError(err: OpsError, code: string, status: number, said: RegExp): void {
  expect(err.code, err.message).toBe(code);
  expect(err.details?.['status']).toBe(status);
  const requestId = err.details?.['request_id'] as string | undefined;
  expect(requestId).toMatch(/^req-[0-9a-f-]{36}$/);
  expect(err.message).toContain(`request id ${requestId}`);
  expect(err.message).toMatch(said);
}

/**
 * The services' own refusals, through the clients blockops uses and through its gateway: wrong password (Keystone
 * 401), unknown image (Glance 404), upload to an active image (Glance 409), unknown flavor (Nova 400).
 */
export async function checkServiceErrors(t: ScenarioApp, r: { activeImage: string }) {
  const env = { ...t.env, OS_PASSWORD: 'not-the-password', DATABASE_URL: join(t.dir, 'wrong-password.db') };
  const wrong = await createApp(await loadConfig({ env, cwd: t.dir }));
  try {
    const err = await failure(wrong.gateway.run('list_images', {}, bob));
    expectServiceError(err, 'KEYSTONE.UNAUTHORIZED', 401, /401/);
    expect(err.message).toMatch(/Check the credentials/);
  } finally {
    await wrong.close();
  }

  const os = (await t.app.cloud()).openstack;
  expectServiceError(await failure(os.image.getImage(NO_SUCH_ID)), 'GLANCE.NOT_FOUND', 404, new RegExp(NO_SUCH_ID));
  const byName = await failure(t.app.gateway.run('get_image', { image: NO_SUCH_ID }, bob));
  expect(byName.code).toBe('IMAGE.NOT_FOUND');

  const again = os.image.uploadImageData(r.activeImage, Readable.from([Buffer.alloc(512)]), { size: 512 });
  expectServiceError(await failure(again), 'GLANCE.CONFLICT', 409, /active/i);

  const server = os.compute.createServer({
    name: `${t.tag}-never`,
    flavorRef: 'no-such-flavor',
    bootVolumeId: NO_SUCH_ID, // Nova looks at the flavor before the volume
    networks: 'none',
  });
  expectServiceError(await failure(server), 'NOVA.BAD_REQUEST', 400, /[Ff]lavor/);
}
