import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../mcp/helpers/processes.js';
import { until } from './approved.js';
import { ROOT } from './cli.js';

/** Debian's `prometheus` package (which .ci/run installs): the server and its promtool. */
export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';
export const hasPromtool = existsSync(PROMTOOL);
export const hasPrometheus = existsSync(PROMETHEUS);

/** The shipped rules, their promtool unit tests and the example scrape configuration. */
export const PROMETHEUS_MANIFESTS = join(ROOT, 'manifests/prometheus');

export interface ToolResult {
  code: number;
  /** stdout and stderr together: promtool splits its verdicts between them. */
  output: string;
}

/** Runs promtool to its end in `cwd`; never throws on a failing exit code. */
export function promtool(args: string[], cwd = PROMETHEUS_MANIFESTS): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(PROMTOOL, args, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}${stderr}` });
    });
  });
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

export interface RunningPrometheus {
  url: string;
  /** GET /api/v1/<path>; throws unless Prometheus answers status "success". */
  api<T>(path: string): Promise<T>;
  /** Alerts pending or firing now (GET /api/v1/alerts). */
  alerts(): Promise<PromAlert[]>;
  /** The value of each series an instant query returns, by the given label. */
  query(expr: string, by: string): Promise<Record<string, number>>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real Prometheus on a free loopback port, with its own configuration, rule files and data folder in a temporary
 * folder (removed by stop), scraping `targets` every second and evaluating rules every second.
 */
export async function startPrometheus(opts: {
  targets: string[];
  rules: { name: string; content: string }[];
}): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'blockops-prometheus-'));
  for (const r of opts.rules) await writeFile(join(dir, r.name), r.content);
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: opts.rules.map((r) => r.name),
    scrape_configs: [{ job_name: 'blockops', static_configs: [{ targets: opts.targets }] }],
  };
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config)); // JSON is YAML
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const ready = await until(
    async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true,
    (ok) => ok || child.exitCode !== null,
    30_000,
  );
  if (!ready) {
    await stop();
    throw new Error(`Prometheus did not get ready at ${url}:\n${out}`);
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}/api/v1/${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${res.status} ${body.error}`);
    return body.data;
  };
  return {
    url,
    api,
    alerts: async () => (await api<{ alerts: PromAlert[] }>('alerts')).alerts,
    async query(expr, by) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `query?query=${encodeURIComponent(expr)}`,
      );
      return Object.fromEntries(data.result.map((r) => [r.metric[by] ?? '', Number(r.value[1])]));
    },
    output: () => out,
    stop,
  };
}
