import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app/app.js';
import { OncallWatcher } from '../../src/app/oncall-watcher.js';
import type { Incident } from '../../src/core/oncall/schema.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { bulkSeed } from '../helpers/emulator-seed.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

const actor = { id: 'oncall', via: 'cli' as const };
const ids = (vms: { id: string }[]) => vms.map((v) => v.id).sort();

/**
 * The watcher in process against the emulator over HTTP (3 nodes, two replicas per volume, 12 servers) on a SQLite
 * store, cycle by cycle: what it opens, how severity rises, what it names, and that the preview predicted it.
 */
describe('the on-call watcher', () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let app: App;
  let watcher: OncallWatcher;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0, nodes: 3, replicas: 2, seed: bulkSeed({ servers: 12, volumes: 4 }) });
    sb = await sandbox('blockops-watcher-');
    app = await createApp(await sb.load({ ...emulatorEnv(emu), DATABASE_URL: sb.databaseUrl }));
    watcher = new OncallWatcher({ store: app.services.store, cloud: () => app.cloud(), intervalMs: 1000, owner: 'a' });
  }, 60_000);
  afterAll(async () => {
    await watcher?.stop();
    await app?.close();
    await emu?.close();
    await sb?.cleanup();
  });

  const preview = async (nodes: string) => {
    const r = await app.gateway.run('get_blast_radius', { nodes }, actor);
    if (r.status !== 'succeeded') throw new Error(`get_blast_radius: ${r.status}`);
    return (r.output as { blast_radius: Incident['blast_radius'] & {} }).blast_radius;
  };

  /** Cycles until the cluster shows `state` for the node (speed 0 moves on at the next tick). */
  async function cycleUntil(check: (i: Incident[]) => boolean): Promise<Incident[]> {
    for (let i = 0; i < 20; i++) {
      await watcher.cycle();
      if (check(watcher.incidents)) return watcher.incidents;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no such incidents after 20 cycles: ${JSON.stringify(watcher.incidents.map((i) => i.title))}`);
  }

  it('opens nothing on a healthy cluster, and holds the lease', async () => {
    const c = await watcher.cycle();
    expect(c.leader).toBe(true);
    expect(c.fleet.nodes?.map((n) => n.state)).toEqual(['Active', 'Active', 'Active']);
    expect(c.fleet.volumes?.length).toBeGreaterThan(12);
    expect(watcher.incidents).toEqual([]);
  });

  let predictedOne: Awaited<ReturnType<typeof preview>>;
  let predictedTwo: Awaited<ReturnType<typeof preview>>;

  it('a node failure opens one incident whose blast radius is what get_blast_radius predicted', async () => {
    predictedOne = await preview('server00-0');
    predictedTwo = await preview('server00-0,server01-0');
    expect(predictedOne.failed_over.length + predictedOne.single_replica.length).toBeGreaterThan(0);
    expect(predictedOne.io_lost).toEqual([]);
    expect(predictedTwo.io_lost.length).toBeGreaterThan(0);

    await emu.faults.failLightbitsNode(0);
    const [inc] = await cycleUntil((i) => i[0]?.title === 'Lightbits node server00-0 Inactive');
    expect(watcher.incidents).toHaveLength(1);
    expect(inc!.severity).toBe('single_replica');
    const b = inc!.blast_radius!;
    expect(ids(b.failed_over)).toEqual(ids(predictedOne.failed_over));
    expect(ids(b.single_replica)).toEqual(ids(predictedOne.single_replica));
    expect(b.io_lost).toEqual([]);
    expect(b.volumes).toEqual(predictedOne.volumes);
    expect(inc!.serving_nodes.length).toBeGreaterThan(0);
    expect(inc!.serving_nodes).not.toContain('server00-0');
  });

  it('a second node failing raises the severity of the same incident and names the VMs without I/O', async () => {
    const first = watcher.incidents[0]!.id;
    await emu.faults.failLightbitsNode(1);
    const [inc] = await cycleUntil((i) => i[0]?.severity === 'io_lost' && i[0].title.includes('server01-0 Inactive'));
    expect(inc!.id).toBe(first);
    expect(inc!.peak_severity).toBe('io_lost');
    expect(ids(inc!.blast_radius!.io_lost)).toEqual(ids(predictedTwo.io_lost));
    expect(inc!.timeline.map((t) => t.text)).toContain('Severity single_replica → io_lost');
  });

  it('another replica watching the same store neither writes nor opens a second incident', async () => {
    const other = new OncallWatcher({
      store: app.services.store,
      cloud: () => app.cloud(),
      intervalMs: 1000,
      owner: 'b',
    });
    const c = await other.cycle();
    expect(c.leader).toBe(false);
    expect(other.incidents.map((i) => i.id)).toEqual(watcher.incidents.map((i) => i.id));
    expect(await app.services.store.incidents.list({})).toHaveLength(1);
  });

  it('restoring the nodes resolves it, and the audit log has it opened, changed and resolved as observations', async () => {
    const id = watcher.incidents[0]!.id;
    await emu.faults.restoreLightbitsNode(0);
    await emu.faults.restoreLightbitsNode(1);
    await cycleUntil((i) => i.length === 0);
    const row = await app.services.store.incidents.get(id);
    expect(row?.status).toBe('resolved');
    const done = row?.data as Incident;
    expect(done.timeline.at(-1)?.text).toMatch(/^Resolved after /);
    const audit = await app.services.store.audit.query({ resource: id });
    expect(audit.every((e) => e.event === 'observed' && e.actor.id === 'blockops-watcher')).toBe(true);
    const changes = audit.map((e) => e.details?.['change']).reverse();
    expect(changes[0]).toBe('opened');
    expect(changes).toContain('changed');
    expect(changes.at(-1)).toBe('resolved');
  });
});
