import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKnownCode } from '../../src/core/errors/codes.js';
import { isOpsError } from '../../src/core/errors/ops-error.js';
import type { OperationName } from '../../src/core/operations.js';
import type { Actor } from '../../src/core/people/actor.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';
import { makeRawImage } from '../helpers/images.js';
import { assertAuditClean, type CloudIds, cloudIds, unrecorded } from './ledger.js';
import { record } from './report.js';

const bob: Actor = { id: 'bob', via: 'cli' };
const OPEN = `
version: 1
roles: { operator: [read, write] }
actors: { '*': [operator] }
`;

/** What an attacker or a confused assistant types into a string field. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'x'.repeat(100_000),
  '\u001b[2J\u001b]0;pwned\u0007',
  'nul\u0000byte',
  'two\nlines',
  '../../../../etc/shadow',
  '/etc/shadow',
  'http://127.0.0.1:1/metrics',
  'http://[::1]:1/',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  "'; drop table requests; --",
  '{"$ne": null}',
  '\u202egnp.exe',
  '%00%2e%2e%2f',
];
/** And into anything else. */
const HOSTILE_VALUES: unknown[] = [null, -1, 0, 1e308, Number.NaN, true, [], {}, ['a'], { $gt: '' }];
const HOSTILE_WHOLE: unknown[] = [null, [], 'input', 42, { unknown_field: 'x' }];

/**
 * A generated corpus for every operation's input: each field in turn gets every hostile value while the others stay
 * valid, and the whole input is replaced by non-objects. Every call must end in success or a clear, catalogued
 * refusal (never INTERNAL), quickly, leaving nothing unrecorded in the cloud and the audit chain intact.
 */
describe('hostile input', () => {
  let t: EmulatedApp;
  let before: CloudIds;
  const base = {} as Record<OperationName, Record<string, unknown>>;

  beforeAll(async () => {
    t = await startEmulatedApp({ policy: OPEN });
    makeRawImage(join(t.imageDir, 'ok.raw'), 1024 * 1024);
    const clone = await t.app.gateway.run('clone_image', { image: 'cirros', name: 'hostile-base' }, bob);
    const volume = (clone.status === 'succeeded' ? clone.output : {}) as { volume_id: string };
    const request = 'req-00000000-0000-0000-0000-000000000000';
    Object.assign(base, {
      list_images: {},
      get_image: { image: 'cirros' },
      upload_image: { source: join(t.imageDir, 'ok.raw'), name: 'hostile-up', disk_format: 'raw' },
      verify_image: { image: 'cirros' },
      clone_image: { image: 'cirros', name: 'hostile-clone' },
      list_volumes: {},
      get_volume: { volume: volume.volume_id },
      boot_server: { volume: volume.volume_id, flavor: 'm1.tiny', network: 'none' },
      launch_server: { image: 'cirros', flavor: 'm1.tiny', network: 'none', name: 'hostile-vm' },
      list_servers: {},
      get_health: {},
      get_failover_status: { volume: volume.volume_id },
      list_incidents: {},
      get_incident: { id: 'inc-none' },
      get_blast_radius: { nodes: 'server00-0' },
      get_request: { request_id: request },
      list_requests: {},
      approve_request: { request_id: request },
      deny_request: { request_id: request, reason: 'no' },
      cancel_request: { request_id: request },
      query_audit: {},
      assess_images: {},
      adopt_image: { images: ['cirros'] },
    } satisfies Record<OperationName, Record<string, unknown>>);
    before = await cloudIds(t.app);
  });
  afterAll(() => t.close());

  it('answers every generated input with success or a catalogued refusal', async () => {
    const started = Date.now();
    let calls = 0;
    let refused = 0;
    let slowest = 0;
    const internal: string[] = [];
    for (const op of t.app.gateway.registry.all()) {
      const valid = base[op.name as OperationName];
      expect(valid, `no valid input for ${op.name}: add it to the corpus`).toBeDefined();
      const fields = Object.keys((op.input as unknown as { shape?: Record<string, unknown> }).shape ?? {});
      const inputs: unknown[] = [...HOSTILE_WHOLE];
      for (const field of fields) {
        for (const v of [...HOSTILE_STRINGS, ...HOSTILE_VALUES]) inputs.push({ ...valid, [field]: v });
      }
      for (const input of inputs) {
        const t0 = Date.now();
        calls++;
        try {
          await t.app.gateway.run(op.name, input, bob);
        } catch (e) {
          if (!isOpsError(e) || !isKnownCode(e.code) || e.code === 'INTERNAL') {
            internal.push(`${op.name} ${JSON.stringify(input).slice(0, 80)}: ${(e as Error).message.slice(0, 120)}`);
          } else refused++;
        }
        slowest = Math.max(slowest, Date.now() - t0);
      }
    }
    const figures = `${calls} calls, ${refused} refused, slowest ${slowest} ms, ${Date.now() - started} ms in all`;
    record({ suite: 'hostile input', case: 'generated corpus, every operation', held: !internal.length, figures });
    expect(internal).toEqual([]);
  });

  it('leaves nothing in the cloud that no request records, and the audit chain intact', async () => {
    const lost = await unrecorded(t.app, before);
    record({ suite: 'hostile input', case: 'nothing unrecorded, audit verifies', held: !lost.length });
    expect(lost).toEqual([]);
    await assertAuditClean(t.app);
  });
});
