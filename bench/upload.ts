import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/index.js';
import { startBlockops } from '../test/helpers/cli.js';
import { type Bench, interleave, MiB, rate } from './figures.js';

const run = promisify(execFile);
const NO_APPROVALS = 'version: 1\nroles: { operator: [read, write] }\nactors: { "*": [operator] }\n';

function writeImage(path: string, bytes: number): void {
  const block = randomBytes(MiB);
  block[0] = 0xeb;
  const fd = openSync(path, 'w');
  for (let done = 0; done < bytes; done += MiB) writeSync(fd, block, 0, Math.min(MiB, bytes - done));
  closeSync(fd);
}

/**
 * P1: upload_image of a large file to the emulator (served by `blockops sim` in its own process), next to
 * `curl -T` of the same file to the same Glance endpoint, alternately; and blockops' peak memory while it streams.
 */
export const uploadBench: Bench = {
  id: 'P1',
  title: 'upload',
  async run(quick) {
    const mib = Number(process.env['BENCH_UPLOAD_MIB'] ?? (quick ? 64 : 1024));
    const bytes = mib * MiB;
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
      const cloud = await app.cloud();
      const actor = { id: 'bench', via: 'cli' as const };
      let growth = 0;
      let n = 0;
      const ours = async () => {
        global.gc?.();
        const rssBefore = process.memoryUsage().rss;
        let peak = rssBefore;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 20);
        const t = performance.now();
        const input = { source: image, name: `bench-${++n}`, disk_format: 'raw' };
        const out = await app.gateway.run('upload_image', input, actor);
        const s = (performance.now() - t) / 1000;
        clearInterval(sampler);
        if (out.status !== 'succeeded') throw new Error(`upload did not run: ${out.status}`);
        growth = Math.max(growth, peak - rssBefore);
        return mib / s;
      };
      const curl = async () => {
        // The same bytes to the same endpoint with curl: a fresh queued image, then PUT its file.
        const token = await cloud.openstack.session.token();
        const glance = await cloud.openstack.session.endpoint('glance');
        const created = await cloud.openstack.image.createImage({
          name: `bench-curl-${++n}`,
          diskFormat: 'raw',
          containerFormat: 'bare',
        });
        const t = performance.now();
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
        return mib / ((performance.now() - t) / 1000);
      };
      const r = await interleave(quick ? 1 : 3, ours, curl, { warmup: false });
      await app.close();
      const ratio = r.a / r.b;
      const growthMiB = growth / MiB;
      return [
        {
          id: 'P1',
          what: `upload_image ${mib} MiB to the emulator (stream + sha512 + md5 + verify)`,
          ours: `${rate(r.a, 'MiB/s')} +${growthMiB.toFixed(0)} MiB`,
          peer: `${rate(r.b, 'MiB/s')} (curl -T)`,
          ratio,
          target: '≥ 0.95×, ≤ 64 MiB',
          holds: ratio >= 0.95 && growthMiB <= 64,
        },
      ];
    } finally {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
