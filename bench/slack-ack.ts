import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/index.js';
import { emulatorEnv } from '../test/helpers/emulator-env.js';

const COMMANDS = 50;
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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Ack latency of the Slack front door: 50 concurrent signed `/blockops images` slash commands against a real
 * `blockops serve` (built CLI, emulator at speed 0, fake Slack Web API). Measures the time to Slack's HTTP answer
 * (the ack), which must stay far below Slack's 3 seconds while the work goes on after it.
 */
export async function benchSlackAck(): Promise<{ p50Ms: number; p99Ms: number; commands: number }> {
  const emu = await startEmulator({ speed: 0 });
  const slack = await fakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'blockops-bench-slack-'));
  let serve: { child: ChildProcess; url: string } | undefined;
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
    const url = serve.url;
    const one = async (i: number): Promise<number> => {
      const body = new URLSearchParams({
        team_id: 'T_BENCH',
        channel_id: 'C_BENCH',
        user_id: `U_BENCH${i}`,
        user_name: `bench${i}`,
        command: '/blockops',
        text: 'images',
        response_url: `${slack.url}/respond/${i}`,
        trigger_id: `${i}.${randomBytes(4).toString('hex')}`,
      }).toString();
      const ts = Math.floor(Date.now() / 1000);
      const sig = createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
      const started = performance.now();
      const res = await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Slack-Signature': `v0=${sig}`,
          'X-Slack-Request-Timestamp': String(ts),
        },
        body,
      });
      await res.text();
      if (res.status !== 200) throw new Error(`command ${i} answered HTTP ${res.status}`);
      return performance.now() - started;
    };
    const latencies = (await Promise.all(Array.from({ length: COMMANDS }, (_, i) => one(i)))).sort((a, b) => a - b);
    // Let the work after the acks finish, so the numbers are not flattered by stopping early.
    for (let i = 0; i < 600 && slack.answered() < COMMANDS; i++) await new Promise((r) => setTimeout(r, 50));
    return {
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      commands: COMMANDS,
    };
  } finally {
    serve?.child.removeAllListeners('exit');
    serve?.child.kill('SIGTERM');
    await slack.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchSlackAck().then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
