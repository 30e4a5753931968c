import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOX_DIR, boxAvailability, boxTarget } from './box-target.js';
import { deleteTagged, eventually } from './cleanup.js';
import { type ScenarioApp, startScenarioApp } from './scenario-app.js';
import type { Target } from './target.js';

const MiB = 1024 * 1024;
const SIZE_MIB = Number(process.env['BLOCKOPS_BOX_UPLOAD_MIB'] ?? 256);
const run = promisify(execFile);

// Figures, not assertions on speed: blockops' upload into the box's Cinder store next to `curl -T` of the same file
// to the same Glance endpoint. Box only (see scenario.test.ts for when the box variant runs or is skipped).
const box = boxAvailability();

describe.skipIf(!box.run)(
  `upload throughput into the box's Cinder store${box.run ? '' : ` (skipped: ${box.reason})`}`,
  () => {
    let target: Target;
    let t: ScenarioApp;
    let file: string;

    beforeAll(async () => {
      target = await boxTarget();
      t = await startScenarioApp(target);
      file = join(t.dir, 'images', 'big.raw');
      const fd = openSync(file, 'w');
      const chunk = randomBytes(MiB);
      chunk[0] = 0xeb; // no image format's magic: detects as raw
      for (let i = 0; i < SIZE_MIB; i++) writeSync(fd, chunk);
      closeSync(fd);
    });
    afterAll(async () => {
      if (t) {
        await deleteTagged((await t.app.cloud()).openstack, t.tag);
        await t.close();
      }
    });

    it(`uploads ${SIZE_MIB} MiB with blockops and with curl -T, both landing active in the Cinder store`, async () => {
      const started = Date.now();
      const up = await t.approved('upload_image', { source: file, name: `${t.tag}-blockops`, disk_format: 'raw' });
      const blockopsS = (Date.now() - started) / 1000;
      expect(up).toMatchObject({ status: 'active', checksums_match: true, size_bytes: SIZE_MIB * MiB });

      const os = (await t.app.cloud()).openstack;
      const image = await os.image.createImage({ name: `${t.tag}-curl`, diskFormat: 'raw', containerFormat: 'bare' });
      const url = `${await os.session.endpoint('glance')}/images/${image.id}/file`;
      // The token goes in a header file, not on curl's command line (where ps, and an error message, would show it).
      const headers = join(t.dir, 'curl-headers');
      writeFileSync(headers, `X-Auth-Token: ${await os.session.token()}\nContent-Type: application/octet-stream\n`, {
        mode: 0o600,
      });
      const { stdout } = await run(
        'curl',
        ['-sS', '--fail', '-T', file, '-H', `@${headers}`, '-w', '%{time_total} %{speed_upload}', url],
        {
          maxBuffer: MiB,
        },
      );
      const [curlS, curlSpeed] = stdout.trim().split(' ').map(Number) as [number, number];
      expect(await eventually(async () => (await os.image.getImage(image.id)).status === 'active', 60_000)).toBe(true);
      expect((await os.image.getImage(image.id)).stores).toContain('cinder');

      const figures = {
        size_mib: SIZE_MIB,
        blockops: { seconds: blockopsS, mib_s: SIZE_MIB / blockopsS, upload_only_mib_s: up.throughput_mib_s },
        curl: { seconds: curlS, mib_s: curlSpeed / MiB },
      };
      writeFileSync(join(BOX_DIR, 'figures-upload.json'), `${JSON.stringify(figures, null, 2)}\n`);
      console.info(`upload ${SIZE_MIB} MiB into the Cinder store: ${JSON.stringify(figures)}`);
    });
  },
);
