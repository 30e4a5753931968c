import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startEmulator } from '../src/emulator/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';
import { type Bench, interleave, percentile, type Row, timeRow } from './figures.js';
import type { BurstAnswer, BurstRequest } from './slack-ack-client.js';

const SECRET = 'bench-signing-secret';

/** The repository root (where package.json is), from this file's place in bench/ or dist/bench/. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the blockops repository root');
    dir = up;
  }
  return dir;
}

/** A minimal Slack Web API (every method answers ok) that counts posts to response_urls. */
async function fakeSlack(): Promise<{ url: string; answered: () => number; close(): Promise<void> }> {
  let answered = 0;
  let ts = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!req.url?.startsWith('/api/')) answered++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, ts: `1.${++ts}`, channel: 'C_BENCH', user_id: 'U_BOT', bot_id: 'B_BOT' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    answered: () => answered,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function startServe(env: Record<string, string>, cwd: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'dist/main.js'), 'serve', '--port', '0'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`blockops serve did not start:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`blockops serve exited with ${code}:\n${out}`)));
  });
}

/** P3's floor: a bare node:http server in its own process that reads the body and answers 200. */
const FLOOR_SERVER = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end()); })
  .listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });`;

function startFloor(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', FLOOR_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout?.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(String(d));
      if (m) resolve({ child, url: m[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
  });
}

/** The bench's client (bench/slack-ack-client.ts) in a worker thread of its own. */
function startClient(): { burst(request: Omit<BurstRequest, 'secret'>): Promise<number[]>; close(): Promise<number> } {
  const worker = new Worker(new URL('./slack-ack-client.js', import.meta.url));
  return {
    burst: (request) =>
      new Promise((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', (answer: BurstAnswer) => {
          worker.off('error', reject);
          if ('error' in answer) reject(new Error(answer.error));
          else resolve(answer.latencies);
        });
        worker.postMessage({ ...request, secret: SECRET } satisfies BurstRequest);
      }),
    close: () => worker.terminate(),
  };
}

/**
 * P3: ack latency of the Slack front door for 50 and 500 concurrent signed `/blockops images` slash commands against
 * a real `blockops serve` (built CLI, emulator at speed 0, fake Slack Web API), next to a bare node:http server that
 * only reads the body and answers (the floor of any HTTP ack on this machine), alternately, from one client in a
 * worker thread. The work after each ack is let finish before the next burst, so a burst is not flattered by the
 * previous one's leftovers.
 */
export const slackAckBench: Bench = {
  id: 'P3',
  title: 'Slack ack latency',
  async run(quick) {
    const emu = await startEmulator({ speed: 0 });
    const slack = await fakeSlack();
    const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-slack-'));
    let serve: { child: ChildProcess; url: string } | undefined;
    let floor: { child: ChildProcess; url: string } | undefined;
    const client = startClient();
    try {
      serve = await startServe(
        {
          ...emulatorEnv(emu),
          DATABASE_URL: join(dir, 'bench.db'),
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_BOT_TOKEN: 'xoxb-bench',
          SLACK_API_URL: `${slack.url}/api/`,
          BLOCKOPS_APPROVALS_CHANNEL: 'C_APPROVALS',
          BLOCKOPS_LOG_LEVEL: 'warn',
        },
        dir,
      );
      floor = await startFloor();
      const rows: Row[] = [];
      let round = 0;
      for (const n of [50, 500]) {
        const ours = async () => {
          const before = slack.answered();
          const p99 = percentile(
            await client.burst({ url: (serve as { url: string }).url, n, respondTo: slack.url, round: ++round }),
            99,
          );
          for (let i = 0; i < 1200 && slack.answered() < before + n; i++) await new Promise((r) => setTimeout(r, 50));
          return p99;
        };
        const bare = async () =>
          percentile(
            await client.burst({ url: (floor as { url: string }).url, n, respondTo: slack.url, round: ++round }),
            99,
          );
        const r = await interleave(quick ? 1 : 5, ours, bare);
        const row = timeRow(
          'P3',
          `Slack ack p99, ${n} concurrent slash commands`,
          r.a,
          r.b,
          Number.POSITIVE_INFINITY,
          '(bare node:http)',
        );
        row.target = n === 50 ? '< 100 ms' : 'report';
        row.holds = n === 50 ? r.a < 100 : true;
        rows.push(row);
      }
      return rows;
    } finally {
      await client.close();
      serve?.child.removeAllListeners('exit');
      serve?.child.kill('SIGTERM');
      floor?.child.removeAllListeners('exit');
      floor?.child.kill('SIGTERM');
      await slack.close();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
