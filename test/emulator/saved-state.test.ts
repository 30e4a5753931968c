import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCloud } from '../../src/app/cloud.js';
import { startEmulator } from '../../src/emulator/index.js';

/** A saved emulator is the same cloud again: what was made is there, in both OpenStack and Lightbits, on new ports. */
describe('saving and restarting the emulator', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blockops-saved-emu-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps a volume cloned from an image, its Lightbits volume, and the credentials, across a restart', async () => {
    const first = await startEmulator({ speed: 0, dataDir: dir });
    const cloud1 = emulatorCloud(first, { imageDirs: [], pollMs: 20 });
    const cirros = await cloud1.openstack.image.findImage('cirros');
    const created = await cloud1.openstack.volume.createVolume({
      size: 1,
      name: 'kept',
      imageRef: cirros?.id as string,
      volumeType: 'lightbits',
    });
    // save() waits for the create to settle: the saved volume is available, not half-made.
    const saved = await first.save();
    await first.close();
    expect(await readdir(dir)).toEqual([]); // the data folder is the caller's: closing does not remove it

    const second = await startEmulator({ speed: 0, dataDir: dir, saved });
    try {
      expect(second.url).not.toBe(first.url);
      const cloud2 = emulatorCloud(second, { imageDirs: [], pollMs: 20 });
      const volume = await cloud2.openstack.volume.getVolume(created.id);
      expect(volume).toMatchObject({ name: 'kept', status: 'available', bootable: true });
      expect(await cloud2.lightbits?.findVolumeByName(`volume-${created.id}`)).toMatchObject({ state: 'Available' });
      // Nothing was seeded twice.
      const images = [];
      for await (const i of cloud2.openstack.image.listImages({})) images.push(i.name);
      expect(images.filter((n) => n === 'cirros')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('refuses bytes that are not a saved emulator, saying so', async () => {
    await expect(startEmulator({ speed: 0, saved: Buffer.from('not a state') })).rejects.toThrow(
      /not a saved emulator state/,
    );
  });
});
