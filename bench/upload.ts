import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/index.js';
import { startBlockops } from '../test/helpers/cli.js';
import type { Figure } from './figures.js';

const run = promisify(execFile);
const MiB = 2 ** 20;
const NO_APPROVALS = 'version: 1\nroles: { operator: [read, write] }\nactors: { "*": [operator] }\n';

function writeImage(path: string, bytes: number): void {
  const block = randomBytes(MiB);
  block[0] = 0xeb;
  const fd = openSync(path, 'w');
  for (let done = 0; done < bytes; done += MiB) writeSync(fd, block, 0, Math.min(MiB, bytes - done));
  closeSync(fd);
}

/**
 * upload_image of a large file to the emulator (served by `blockops sim` in its own process), next to
 * `curl -T` of the same file to the same Glance endpoint, and blockops' peak memory while it streams.
 */
export async function benchUpload(bytes: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-upload-'));
  const sim = await startBlockops(['sim', '--port', '0', '--speed', '0'], {}, /clouds:[\s\S]*region_name[^\n]*\n/);
  try {
    const env: Record<string, string> = {};
    for (const m of sim.output().matchAll(/^export (\w+)=('?)(.*)\2$/gm)) env[m[1] as string] = m[3] as string;
    const image = join(dir, 'bench.raw');
    writeImage(image, bytes);
    writeFileSync(join(dir, 'policy.yaml'), NO_APPROVALS);
    const config = await loadConfig({
      env: {
        ...env,
        DATABASE_URL: join(dir, 'b.db'),
        BLOCKOPS_IMAGE_DIRS: dir,
        BLOCKOPS_POLICY: join(dir, 'policy.yaml'),
        BLOCKOPS_POLL_MS: '50',
      },
      cwd: dir,
    });
    const app = await createApp(config);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const t0 = performance.now();
    const actor = { id: 'bench', via: 'cli' as const };
    const out = await app.gateway.run('upload_image', { source: image, name: 'bench', disk_format: 'raw' }, actor);
    const blockopsS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    if (out.status !== 'succeeded') throw new Error('upload did not run');

    // The same bytes to the same endpoint with curl: a fresh queued image, then PUT its file.
    const cloud = await app.cloud();
    const token = await cloud.openstack.session.token();
    const glance = await cloud.openstack.session.endpoint('glance');
    const created = await cloud.openstack.image.createImage({
      name: 'bench-curl',
      diskFormat: 'raw',
      containerFormat: 'bare',
    });
    const t1 = performance.now();
    await run('curl', [
      '-sS',
      '--fail',
      '-T',
      image,
      '-X',
      'PUT',
      '-H',
      `X-Auth-Token: ${token}`,
      '-H',
      'Content-Type: application/octet-stream',
      `${glance}/images/${created.id}/file`,
    ]);
    const curlS = (performance.now() - t1) / 1000;
    await app.close();
    const mib = bytes / MiB;
    return [
      {
        name: `upload_image ${mib} MiB to the emulator (stream + sha512 + md5)`,
        value: mib / blockopsS,
        unit: 'MiB/s',
        note: `${blockopsS.toFixed(1)} s incl. verify`,
      },
      {
        name: `curl -T ${mib} MiB to the same Glance endpoint`,
        value: mib / curlS,
        unit: 'MiB/s',
        note: `${curlS.toFixed(1)} s`,
      },
      {
        name: 'upload_image peak RSS growth while streaming',
        value: (peak - rssBefore) / MiB,
        unit: 'MiB',
        note: `peak RSS ${(peak / MiB).toFixed(0)} MiB`,
      },
    ];
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
