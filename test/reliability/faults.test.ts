import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isKnownCode } from '../../src/core/errors/codes.js';
import { isOpsError } from '../../src/core/errors/ops-error.js';
import type { Actor } from '../../src/core/people/actor.js';
import type { HttpFaultInput } from '../../src/emulator/index.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';
import { makeRawImage } from '../helpers/images.js';
import { assertAuditClean, type CloudIds, cloudIds, unrecorded } from './ledger.js';
import { reliabilityCase } from './report.js';

const bob: Actor = { id: 'bob', via: 'cli' };
const OPEN = `
version: 1
roles: { operator: [read, write] }
actors: { '*': [operator] }
`;

const NOVA_SERVER_POLL: HttpFaultInput = { method: 'GET', path: '^/compute/v2\\.1/servers/[0-9a-f-]+$' };
const GLANCE_IMAGE_POLL: HttpFaultInput = { method: 'GET', path: '^/image/v2/images/[0-9a-f-]+$' };
const CINDER_VOLUME_POLL: HttpFaultInput = { method: 'GET', path: '^/volume/v3/[^/]+/volumes/[0-9a-f-]+$' };

/**
 * A flaky cloud: bursts of 5xx and latency on every service, tokens that expire, Lightbits nodes and endpoints that
 * fail. Each case must end in success or a clear, catalogued error, with nothing left in the cloud that no request
 * records, and the audit chain intact.
 */
describe('faults', () => {
  let t: EmulatedApp;
  let before: CloudIds;

  beforeAll(async () => {
    t = await startEmulatedApp({ policy: OPEN });
    makeRawImage(join(t.imageDir, 'fault.raw'), 2 * 1024 * 1024);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    t.emu.faults.clearHttp();
    before = await cloudIds(t.app);
  });

  /** Runs an operation under a fault; it must succeed, or fail with a catalogued code and a message. */
  async function underFault(name: string, op: string, input: Record<string, unknown>, expectSuccess: boolean) {
    await reliabilityCase('faults', name, async () => {
      const started = Date.now();
      let outcome = 'succeeded';
      try {
        const r = await t.app.gateway.run(op, input, bob);
        expect(r.status).toBe('succeeded');
      } catch (e) {
        if (!isOpsError(e) || !isKnownCode(e.code) || e.code === 'INTERNAL') throw e;
        if (expectSuccess) throw new Error(`expected success, got ${e.code}: ${e.message}`);
        outcome = e.code;
      }
      t.emu.faults.clearHttp();
      expect(await unrecorded(t.app, before)).toEqual([]);
      await assertAuditClean(t.app);
      return `${outcome} in ${Date.now() - started} ms`;
    });
  }

  it('rides through a burst of 503s on Nova server polls during a launch', async () => {
    t.emu.faults.injectHttp({ ...NOVA_SERVER_POLL, status: 503, count: 5 });
    await underFault(
      'nova 503 x5 on polls',
      'launch_server',
      { image: 'cirros', flavor: 'm1.tiny', name: 'f-nova' },
      true,
    );
  });

  it('rides through a burst of 503s on Cinder volume polls during a clone', async () => {
    t.emu.faults.injectHttp({ ...CINDER_VOLUME_POLL, status: 503, count: 5 });
    await underFault('cinder 503 x5 on polls', 'clone_image', { image: 'cirros', name: 'f-cinder' }, true);
  });

  it('rides through a burst of 502s on Glance image polls during an upload', async () => {
    t.emu.faults.injectHttp({ ...GLANCE_IMAGE_POLL, status: 502, count: 5 });
    await underFault(
      'glance 502 x5 on polls',
      'upload_image',
      { source: join(t.imageDir, 'fault.raw'), name: 'f-glance', disk_format: 'raw' },
      true,
    );
  });

  it('works through 300 ms of latency on every service', async () => {
    t.emu.faults.injectHttp({ path: '^/', latencyMs: 300, count: 200 });
    await underFault('300 ms latency everywhere', 'clone_image', { image: 'cirros', name: 'f-slow' }, true);
  });

  it('signs in again when every token expires mid-way', async () => {
    t.emu.faults.expireTokens();
    await underFault('tokens expired', 'launch_server', { image: 'cirros', flavor: 'm1.tiny', name: 'f-token' }, true);
  });

  it('fails clearly, cleaning up, when Nova refuses every server create', async () => {
    t.emu.faults.injectHttp({ method: 'POST', path: '^/compute/v2\\.1/servers$', status: 500, count: 5 });
    await underFault(
      'nova 500 on create',
      'launch_server',
      { image: 'cirros', flavor: 'm1.tiny', name: 'f-500' },
      false,
    );
  });

  it('fails clearly when a boot ends in ERROR, deleting the clone', async () => {
    t.emu.faults.failNextBoot('No valid host was found.');
    await underFault('boot ERROR', 'launch_server', { image: 'cirros', flavor: 'm1.tiny', name: 'f-boot' }, false);
  });

  it('keeps answering health and failover while a Lightbits node and an API endpoint are down', async () => {
    await reliabilityCase('faults', 'lightbits node + endpoint down', async () => {
      await t.emu.faults.failLightbitsNode(0);
      await t.emu.faults.setLightbitsEndpointDown(0, true);
      try {
        const health = await t.app.gateway.run('get_health', {}, bob);
        expect(health.status).toBe('succeeded');
        const clone = await t.app.gateway.run('clone_image', { image: 'cirros', name: 'f-lb' }, bob);
        expect(clone.status).toBe('succeeded');
        const volumeId = (clone.status === 'succeeded' ? clone.output : {}) as { volume_id: string };
        const failover = await t.app.gateway.run('get_failover_status', { volume: volumeId.volume_id }, bob);
        expect(failover.status).toBe('succeeded');
        return 'health, clone and failover answered';
      } finally {
        await t.emu.faults.setLightbitsEndpointDown(0, false);
        await t.emu.faults.restoreLightbitsNode(0);
      }
    });
    expect(await unrecorded(t.app, before)).toEqual([]);
  });
});
