import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCloud } from '../../../src/app/cloud.js';
import type { Cloud } from '../../../src/core/cloud/cloud.js';
import { launchServer } from '../../../src/core/launch/launch-server.js';
import { launchServerInput } from '../../../src/core/launch/schema.js';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';

type Made = Record<string, { volume_name?: string; volume_id?: string; server_name?: string; server_id?: string }>;

describe('launch_server batches against the emulator', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
  });
  afterAll(async () => {
    await emu.close();
  });

  async function launch(cloud: Cloud, name: string, count: number) {
    const messages: string[] = [];
    const checkpoints: { launched: Made }[] = [];
    const input = launchServerInput.parse({ image: 'cirros', flavor: 'm1.tiny', network: 'none', name, count });
    const out = await launchServer(cloud, input, {
      progress: (p) => messages.push(p.message),
      checkpoint: async (d) => void checkpoints.push(structuredClone(d) as { launched: Made }),
      signal: new AbortController().signal,
    });
    // The order things happened in, per server: when its clone was asked for, when it came up.
    const at = (pattern: RegExp) =>
      Object.fromEntries(
        messages.flatMap((m, i) => {
          const hit = m.match(pattern);
          return hit ? [[hit[1] as string, i]] : [];
        }),
      ) as Record<string, number>;
    const cloneAsked = at(/^\[([\w-]+)\] Creating a /);
    const active = at(/^\[([\w-]+)\] Server [\w-]+ is ACTIVE$/);
    return { out, checkpoints, cloneAsked, active };
  }

  it('clones and boots the whole batch at once, reporting a failed boot and deleting its volume', async () => {
    const cloud = emulatorCloud(emu, { imageDirs: [], pollMs: 20, lightbits: false });
    emu.faults.failNextBoot('No valid host was found.');
    const { out, checkpoints, cloneAsked, active } = await launch(cloud, 'wide', 4);

    expect(out.servers.map((s) => s.name)).toHaveLength(3);
    expect(out.failures).toEqual([expect.objectContaining({ step: 'boot', volume_kept: false })]);
    expect(out.failures[0]?.error.message).toMatch(/No valid host/);
    const failedVolume = out.failures[0]?.volume_id as string;
    await expect(cloud.openstack.volume.getVolume(failedVolume)).rejects.toMatchObject({ status: 404 });
    // Every clone was asked for before any server came up: none waited for another's boot.
    expect(Object.keys(cloneAsked).sort()).toEqual(['wide-1', 'wide-2', 'wide-3', 'wide-4']);
    expect(Math.max(...Object.values(cloneAsked))).toBeLessThan(Math.min(...Object.values(active)));
    // The last checkpoint names every server's volume and server, whatever order the writes finished in.
    const last = checkpoints.at(-1)?.launched ?? {};
    for (const name of ['wide-1', 'wide-2', 'wide-3', 'wide-4']) {
      expect(last[name]).toMatchObject({ volume_name: `${name}-boot`, volume_id: expect.any(String) });
      expect(last[name]).toMatchObject({ server_name: name, server_id: expect.any(String) });
    }
  });

  it('launches a batch of 20 on one signal without a listener-leak warning on stderr', async () => {
    const cloud = emulatorCloud(emu, { imageDirs: [], pollMs: 20, lightbits: false });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const { out } = await launch(cloud, 'many', 20);
      expect(out.servers).toHaveLength(20);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
  });

  it('launches one server at a time when the operator caps the concurrency at 1', async () => {
    const cloud = emulatorCloud(emu, { imageDirs: [], pollMs: 20, launchConcurrency: 1, lightbits: false });
    const { out, cloneAsked, active } = await launch(cloud, 'narrow', 3);

    expect(out.servers).toHaveLength(3);
    const order = Object.entries(cloneAsked)
      .sort((a, b) => a[1] - b[1])
      .map(([name]) => name);
    for (const [i, name] of order.entries()) {
      const next = order[i + 1];
      if (next) expect(active[name]).toBeLessThan(cloneAsked[next] as number);
    }
  });
});
