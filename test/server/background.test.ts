import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackground } from '../../src/server/background.js';
import { approvedRequest, stateOf, until } from '../helpers/approved.js';
import { type EmulatedApp, startEmulatedApp } from '../helpers/emulated-app.js';

const FINAL = ['succeeded', 'failed'];
/** Cinder's volume create, which every clone_image starts with. */
const CREATE_VOLUME = { method: 'POST', path: '^/volume/v3/[^/]+/volumes$' };

/** The serve process's background runner against a real SQLite store and an emulator over HTTP. */
describe('startBackground', () => {
  let t: EmulatedApp;

  beforeAll(async () => {
    t = await startEmulatedApp();
  });
  afterAll(() => t.close());

  const events = async (id: string) =>
    (await t.app.services.store.audit.query({ resource: id })).map((e) => e.event).reverse();

  it('on stop, waits for the job it claimed and lets it record its outcome', async () => {
    const id = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'bg-wait' });
    t.emu.faults.injectHttp({ ...CREATE_VOLUME, latencyMs: 1_500 });
    const stop = startBackground(t.app, { intervalMs: 60_000 });
    expect(await until(stateOf(t.app, id), (s) => s === 'running')).toBe('running');

    await stop();
    expect(await stateOf(t.app, id)()).toBe('succeeded');
    expect(await events(id)).toEqual(['requested', 'approved', 'started', 'succeeded']);
  });

  it('on stop, also waits for a job an approval ran in a request handler (Slack, MCP), not by the runner', async () => {
    const id = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'bg-handler' });
    t.emu.faults.injectHttp({ ...CREATE_VOLUME, latencyMs: 1_500 });
    // Claimed by nobody yet: a 60 s interval and no tick before the handler's own run starts.
    const stop = startBackground(t.app, { intervalMs: 60_000 });
    await stop();
    const handler = t.app.services.desk.execute(id);
    expect(await until(stateOf(t.app, id), (s) => s === 'running')).toBe('running');

    const again = startBackground(t.app, { intervalMs: 60_000 });
    await again();
    expect(await stateOf(t.app, id)()).toBe('succeeded');
    expect((await handler).status).toBe('succeeded');
  });

  it('waits no longer than the grace period for a job that outlasts it', async () => {
    const id = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'bg-grace' });
    t.emu.faults.injectHttp({ ...CREATE_VOLUME, latencyMs: 2_000 });
    const stop = startBackground(t.app, { intervalMs: 60_000, graceMs: 200 });
    expect(await until(stateOf(t.app, id), (s) => s === 'running')).toBe('running');

    const started = Date.now();
    await stop();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await stateOf(t.app, id)()).toBe('running');
    // The job goes on in this test process; let it end before the next test.
    expect(await until(stateOf(t.app, id), (s) => FINAL.includes(s ?? ''))).toBe('succeeded');
  });

  it('stopped as it starts, claims nothing it will not run: the next process runs the request', async () => {
    const id = await approvedRequest(t.app, 'clone_image', { image: 'cirros', name: 'bg-handover' });
    const stop = startBackground(t.app, { intervalMs: 60_000 });
    await stop();
    // Anything the first tick still had under way has ended by now.
    await new Promise((r) => setTimeout(r, 300));
    expect(await stateOf(t.app, id)()).toBe('approved');

    const next = startBackground(t.app, { intervalMs: 60_000 });
    expect(await until(stateOf(t.app, id), (s) => FINAL.includes(s ?? ''))).toBe('succeeded');
    await next();
  });
});
