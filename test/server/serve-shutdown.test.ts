import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type App, createApp } from '../../src/app/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { RequestRow } from '../../src/core/store/types.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { approvedRequest, bob, until } from '../helpers/approved.js';
import { withApprovers } from '../helpers/approvers.js';
import { startBlockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';

const BOOT_LATENCY_MS = 3_000;

/**
 * SIGTERM to `blockops serve` (the built CLI, on an emulator over HTTP) while it runs an approved launch: it waits
 * for the job, records its outcome, and only then exits; nothing it made in the cloud goes unrecorded.
 */
describe('blockops serve stopping during a job', () => {
  let emu: RunningEmulator;
  let dir: string;
  let env: Record<string, string>;
  let app: App;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    dir = mkdtempSync(join(tmpdir(), 'blockops-serve-'));
    mkdirSync(join(dir, 'images'));
    writeFileSync(join(dir, 'policy.yaml'), stringify(withApprovers(['alice'])));
    env = {
      ...emulatorEnv(emu),
      DATABASE_URL: join(dir, 'blockops.db'),
      BLOCKOPS_POLICY: join(dir, 'policy.yaml'),
      BLOCKOPS_IMAGE_DIRS: join(dir, 'images'),
    };
    // This process only asks and approves, as the CLI of a person who approved and went away would.
    app = await createApp(await loadConfig({ env, cwd: dir }));
  });
  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await app?.close();
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the approved launch it runs, records its outcome and audit, then exits 0', async () => {
    const id = await approvedRequest(app, 'launch_server', {
      image: 'cirros',
      flavor: 'm1.tiny',
      network: 'none',
      name: 'sigterm',
    });
    // Nova answers the boot only after a while, so SIGTERM lands with the boot volume made and the server not yet.
    emu.faults.injectHttp({ method: 'POST', path: '^/compute/v2\\.1/servers$', latencyMs: BOOT_LATENCY_MS });

    const before = {
      servers: await listIds(app, 'servers'),
      volumes: await listIds(app, 'volumes'),
    };
    const served = await startBlockops(['serve', '--port', '0'], env, /listening on http/, { cwd: dir });
    child = served.child;
    const running = await until(
      () => app.services.store.requests.get(id),
      (r) => !!bootVolumeOf(r),
    );
    expect(running?.state).toBe('running');

    const signalled = Date.now();
    const exit = exited(served.child);
    served.child.kill('SIGTERM');
    const { code } = await exit;
    const waitedMs = Date.now() - signalled;

    const row = (await app.services.store.requests.get(id)) as RequestRow;
    expect(row.state, `request after SIGTERM (serve said:\n${served.output()})`).toBe('succeeded');
    expect(code).toBe(0);
    expect(waitedMs).toBeGreaterThan(500);
    expect(served.output()).toMatch(/waiting for running jobs before stopping/);
    const events = (await app.services.store.audit.query({ resource: id })).map((e) => e.event).reverse();
    expect(events).toEqual(['requested', 'approved', 'started', 'succeeded']);

    // Everything the launch made in the cloud is in the request's result.
    const result = row.result as { servers: { server_id: string; volume_id: string }[] };
    const made = (ids: string[], was: string[]) => ids.filter((i) => !was.includes(i));
    const servers = made(await listIds(app, 'servers'), before.servers);
    const volumes = made(await listIds(app, 'volumes'), before.volumes);
    expect(servers).toEqual(result.servers.map((s) => s.server_id));
    expect(volumes).toEqual(result.servers.map((s) => s.volume_id));
    expect(volumes).toEqual([bootVolumeOf(running)]);
  }, 60_000);
});

function bootVolumeOf(row: RequestRow | undefined): string | undefined {
  const launched = (row?.checkpoint as { launched?: Record<string, { volume_id?: string }> } | undefined)?.launched;
  return launched?.['sigterm']?.volume_id;
}

async function listIds(app: App, kind: 'servers' | 'volumes'): Promise<string[]> {
  const r = await app.gateway.run(`list_${kind}`, { limit: 1000 }, bob);
  if (r.status !== 'succeeded') throw new Error(`list_${kind} is a read`);
  const id = kind === 'servers' ? 'server_id' : 'volume_id';
  return (r.output as Record<string, Record<string, string>[]>)[kind]?.map((x) => x[id] as string) ?? [];
}

/** The exit of a child told to stop; one still there after 40 s is killed, so a hang fails the test, not the run. */
function exited(child: ChildProcess): Promise<{ code: number | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode });
    const kill = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve({ code });
    });
  });
}
