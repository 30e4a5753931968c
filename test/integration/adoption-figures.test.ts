import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteVolumeWhenFree } from '../../src/core/cloud/cleanup.js';
import { BOX_DIR, boxAvailability, boxTarget } from './box-target.js';
import { deleteTagged } from './cleanup.js';
import { type Out, type ScenarioApp, startScenarioApp } from './scenario-app.js';
import type { Target } from './target.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const N = Number(process.env['BLOCKOPS_BOX_ADOPT_N'] ?? 5);
/** Random data in the first part of the 1 GiB disk, zeros after: what a small cloud image looks like. */
const DATA_MIB = Number(process.env['BLOCKOPS_BOX_ADOPT_DATA_MIB'] ?? 256);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// Figures, not assertions on speed: a boot volume from a 1 GiB qcow2 image (copy path) next to one from the same
// image adopted as raw (block clone), N each in one run, and the adoption's own time per GiB. Box only (see
// scenario.test.ts for when the box variant runs or is skipped).
const box = boxAvailability();

describe.skipIf(!box.run)(
  `copy vs block clone after adoption, on the box${box.run ? '' : ` (skipped: ${box.reason})`}`,
  () => {
    let target: Target;
    let t: ScenarioApp;
    let qcow2: string;

    beforeAll(async () => {
      target = await boxTarget();
      t = await startScenarioApp(target);
      const raw = join(t.dir, 'images', 'disk1g.raw');
      const fd = openSync(raw, 'w');
      const chunk = randomBytes(MiB);
      chunk[0] = 0xeb;
      for (let i = 0; i < DATA_MIB; i++) writeSync(fd, chunk);
      closeSync(fd);
      execFileSync('truncate', ['-s', String(GiB), raw]);
      qcow2 = join(t.dir, 'images', 'disk1g.qcow2');
      execFileSync('qemu-img', ['convert', '-q', '-f', 'raw', '-O', 'qcow2', raw, qcow2]);
      rmSync(raw);
    });
    afterAll(async () => {
      if (t) {
        await deleteTagged((await t.app.cloud()).openstack, t.tag);
        await t.close();
      }
    });

    async function volumeTimes(image: string, kind: string): Promise<{ seconds: number[]; paths: string[] }> {
      const seconds: number[] = [];
      const paths: string[] = [];
      const cloud = await t.app.cloud();
      for (let i = 0; i < N; i++) {
        const c = await t.approved('clone_image', { image, name: `${t.tag}-${kind}-${i}` });
        seconds.push(c.duration_ms / 1000);
        paths.push(`${c.path}/${await target.cinderDid(c.volume_id)}`);
        await deleteVolumeWhenFree(cloud, c.volume_id);
      }
      return { seconds, paths };
    }

    it(`measures ${N} boot volumes by copy (qcow2) and ${N} by block clone (adopted raw) of a 1 GiB image`, async () => {
      const up = await t.approved('upload_image', { source: qcow2, name: `${t.tag}-q1g`, disk_format: 'qcow2' });
      const started = Date.now();
      const adopted: Out = (await t.approved('adopt_image', { images: [up.image_id] })).adopted[0];
      const adoptS = (Date.now() - started) / 1000;
      expect(adopted.proof.path).toBe('block-clone');
      const copy = await volumeTimes(up.image_id, 'copy');
      const clone = await volumeTimes(adopted.adopted_id, 'clone');
      expect(copy.paths.every((p) => p.startsWith('copy'))).toBe(true);
      expect(clone.paths.every((p) => p.startsWith('block-clone'))).toBe(true);
      const figures = {
        image: { virtual_gib: 1, data_mib: DATA_MIB, qcow2_bytes: up.size_bytes },
        n: N,
        copy_s: { median: median(copy.seconds), all: copy.seconds, paths: copy.paths },
        clone_s: { median: median(clone.seconds), all: clone.seconds, paths: clone.paths },
        ratio_copy_over_clone: median(copy.seconds) / median(clone.seconds),
        adoption: {
          seconds: adoptS,
          seconds_per_gib: adoptS / (adopted.bytes_out / GiB),
          steps: adopted.steps.map((s: Out) => `${s.phase} ${(s.duration_ms / 1000).toFixed(1)}s`),
        },
      };
      writeFileSync(join(BOX_DIR, 'figures-adoption.json'), `${JSON.stringify(figures, null, 2)}\n`);
      console.info(`adoption figures: ${JSON.stringify(figures)}`);
    });
  },
);
