import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CinderDid, Target } from './target.js';
import { withAppCredential } from './target.js';

export const BOX_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../scripts/openstack-box.sh');
export const BOX_DIR = process.env['BLOCKOPS_BOX_DIR'] ?? '/var/tmp/blockops-box';
const ENV_FILE = join(BOX_DIR, 'env');
const PORTS: Record<string, string> = {
  '5000': 'identity',
  '9292': 'image',
  '8776': 'volume',
  '8774': 'compute',
  '9696': 'network',
};

/**
 * Whether the box variant runs: BLOCKOPS_BOX=1 demands it (CI: a box that is not up fails the suite there); else it
 * runs when the box's env file exists and `openstack-box.sh status` says every service runs.
 */
export function boxAvailability(): { run: boolean; reason: string } {
  if (process.env['BLOCKOPS_BOX'] === '1') return { run: true, reason: 'BLOCKOPS_BOX=1' };
  if (!existsSync(ENV_FILE)) return { run: false, reason: `no ${ENV_FILE} (start it: scripts/openstack-box.sh start)` };
  const status = spawnSync(BOX_SCRIPT, ['status'], { encoding: 'utf8', timeout: 30_000 });
  return status.status === 0
    ? { run: true, reason: 'the box runs' }
    : { run: false, reason: `the box in ${BOX_DIR} is not (fully) running: scripts/openstack-box.sh status` };
}

/** `export K=V` lines of $BOX_DIR/env, written by `openstack-box.sh start` / `env`. */
function readEnvFile(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(ENV_FILE, 'utf8').split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1] as string] = m[2] as string;
  }
  return env;
}

const run = promisify(execFile);

export async function boxTarget(): Promise<Target> {
  const status = spawnSync(BOX_SCRIPT, ['status'], { encoding: 'utf8', timeout: 30_000 });
  if (status.status !== 0)
    throw new Error(`The OpenStack box is not running (scripts/openstack-box.sh start):\n${status.stdout}`);
  const { OS_CLIENT_CONFIG_FILE: _clouds, BLOCKOPS_BOX_DIR: _dir, ...env } = readEnvFile();
  const cred = JSON.parse(readFileSync(join(BOX_DIR, 'admin-app-credential.json'), 'utf8')) as {
    id: string;
    secret: string;
  };
  return {
    name: 'box',
    env,
    appCredentialEnv: withAppCredential(env, cred.id, cred.secret),
    locate(url) {
      const service = url.hostname === '127.0.0.1' ? PORTS[url.port] : undefined;
      return service ? { service, path: url.pathname } : undefined;
    },
    cinderDid: async (volumeId) => cinderDidFromLog(volumeId),
    async stopCinderVolume() {
      await run(BOX_SCRIPT, ['stop-service', 'cinder-volume'], { timeout: 60_000 });
    },
    async startCinderVolume() {
      await run(BOX_SCRIPT, ['start-service', 'cinder-volume'], { timeout: 180_000 });
    },
    close: async () => {},
  };
}

/**
 * cinder-volume's own account: "Volume <id>: being created as image" names the request; that request then says
 * "Will clone a volume from the image volume" (clone) or downloads/converts the image (copy).
 */
export function cinderDidFromLog(volumeId: string): CinderDid {
  const log = readFileSync(join(BOX_DIR, 'log', 'cinder-volume.log'), 'utf8').split('\n');
  const created = log.find((l) => l.includes(`Volume ${volumeId}: being created as image`));
  const req = created && /\b(req-[0-9a-f-]{36})\b/.exec(created)?.[1];
  if (!req) return 'unknown';
  const said = log.filter((l) => l.includes(req));
  if (said.some((l) => l.includes('Will clone a volume from the image volume'))) return 'block-clone';
  if (said.some((l) => /Image download|not in raw format|Converted .* image/.test(l))) return 'copy';
  return 'unknown';
}
