import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../src/app/app.js';
import { loadConfig } from '../src/config/index.js';
import { startBlockops } from '../test/helpers/cli.js';
import { type Bench, interleave, MiB, median, rate } from './figures.js';

const run = promisify(execFile);
const NO_APPROVALS = 'version: 1\nroles: { operator: [read, write] }\nactors: { "*": [operator] }\n';

/**
 * CPU seconds (user + system) from /proc/<pid>/stat: the process's own (`self`), or of its waited-for children
 * (curl). Undefined where there is no /proc.
 */
function cpuSeconds(pid: number | 'self', of: 'self' | 'children' = 'self'): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const at = of === 'self' ? 11 : 13;
    return (Number(fields[at]) + Number(fields[at + 1])) / 100;
  } catch {
    return undefined;
  }
}

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
      const simPid = sim.child.pid ?? 0;
      // CPU per upload, ours (all threads) and curl's, and the emulator's either way: on a loaded machine the ratio
      // follows who needs how much CPU, which these show.
      const cpu = { ours: [] as number[], curl: [] as number[], simOurs: [] as number[], simCurl: [] as number[] };
      const simCpu = () => cpuSeconds(simPid) ?? Number.NaN;
      const ours = async () => {
        global.gc?.();
        const rssBefore = process.memoryUsage().rss;
        let peak = rssBefore;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 20);
        const cpu0 = process.cpuUsage();
        const sim0 = simCpu();
        const t = performance.now();
        const input = { source: image, name: `bench-${++n}`, disk_format: 'raw' };
        const out = await app.gateway.run('upload_image', input, actor);
        const s = (performance.now() - t) / 1000;
        clearInterval(sampler);
        const used = process.cpuUsage(cpu0);
        cpu.ours.push((used.user + used.system) / 1e6);
        cpu.simOurs.push(simCpu() - sim0);
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
        const curl0 = cpuSeconds('self', 'children') ?? Number.NaN;
        const sim0 = simCpu();
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
        const mibs = mib / ((performance.now() - t) / 1000);
        cpu.curl.push((cpuSeconds('self', 'children') ?? Number.NaN) - curl0);
        cpu.simCurl.push(simCpu() - sim0);
        return mibs;
      };
      const r = await interleave(quick ? 1 : 3, ours, curl, { warmup: false });
      await app.close();
      const ratio = r.a / r.b;
      const perGiB = (xs: number[]) => `${((median(xs) * 1024) / mib).toFixed(2)} s`;
      process.stderr.write(
        `P1 CPU per GiB (medians): blockops ${perGiB(cpu.ours)} (emulator ${perGiB(cpu.simOurs)}), ` +
          `curl ${perGiB(cpu.curl)} (emulator ${perGiB(cpu.simCurl)}); rates blockops ` +
          `${r.as.map((x) => x.toFixed(0)).join(' ')}, curl ${r.bs.map((x) => x.toFixed(0)).join(' ')} MiB/s\n`,
      );
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
