import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningEmulator } from '../emulator/index.js';
import { isAlive } from './process-alive.js';

/** The file a `blockops serve` or `blockops sim` writes in the state directory while its emulator runs. */
export const DISCOVERY_FILE = 'emulator.json';

/** What another process needs to use a running emulator (its passwords are the emulator's well-known demo ones). */
export type EmulatorAccess = Pick<RunningEmulator, 'url' | 'authUrl' | 'region' | 'users' | 'lightbits' | 'volumeType'>;

export interface Advertised extends EmulatorAccess {
  pid: number;
  /** `blockops serve` or `blockops sim`. */
  by: string;
  /** Proves the URL still answers as this emulator: it answers HMAC(key, nonce), the key never travels. */
  key: string;
}

export function newInstanceKey(): string {
  return randomBytes(32).toString('hex');
}

/** Writes the discovery file (owner-only, whole or not at all); returns how to take it back, only if still ours. */
export async function advertise(
  stateDir: string,
  emulator: RunningEmulator,
  key: string,
  by: string,
): Promise<() => Promise<void>> {
  const ad: Advertised = {
    pid: process.pid,
    by,
    key,
    url: emulator.url,
    authUrl: emulator.authUrl,
    region: emulator.region,
    users: emulator.users,
    lightbits: emulator.lightbits,
    volumeType: emulator.volumeType,
  };
  const file = join(stateDir, DISCOVERY_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(ad, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
  return async () => {
    const now = await readAd(file);
    if (now?.pid === process.pid && now.key === key) await rm(file, { force: true });
  };
}

/**
 * The emulator a live `blockops serve`/`sim` advertises in the state directory, if its process is alive and its URL
 * proves to be that emulator. A file left by a process that died is removed; one anybody else could have written
 * (not ours, or readable by others) is ignored.
 */
export async function findRunning(stateDir: string, notice: (line: string) => void): Promise<Advertised | undefined> {
  const file = join(stateDir, DISCOVERY_FILE);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    return undefined;
  }
  if ((process.getuid && info.uid !== process.getuid()) || (info.mode & 0o077) !== 0) {
    notice(`blockops: ignoring ${file}: it must belong to you and be readable by you alone (chmod 600).`);
    return undefined;
  }
  const ad = await readAd(file);
  if (!ad) return undefined;
  if (!isAlive(ad.pid) || !(await proves(ad))) {
    await rm(file, { force: true });
    return undefined;
  }
  return ad;
}

async function readAd(file: string): Promise<Advertised | undefined> {
  try {
    const ad = JSON.parse(await readFile(file, 'utf8')) as Partial<Advertised>;
    const ok =
      Number.isInteger(ad.pid) &&
      typeof ad.key === 'string' &&
      typeof ad.url === 'string' &&
      /^http:\/\/(127\.[0-9.]+|\[::1\]|localhost):\d+$/.test(ad.url) &&
      typeof ad.authUrl === 'string' &&
      ad.authUrl.startsWith(ad.url) &&
      typeof ad.users?.admin?.password === 'string' &&
      Array.isArray(ad.lightbits?.endpoints);
    return ok ? (ad as Advertised) : undefined;
  } catch {
    return undefined;
  }
}

async function proves(ad: Advertised): Promise<boolean> {
  const nonce = randomBytes(16).toString('hex');
  try {
    const res = await fetch(`${ad.url}/_emulator/instance?nonce=${nonce}`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return false;
    const { proof } = (await res.json()) as { proof?: unknown };
    const expected = createHmac('sha256', ad.key).update(nonce).digest();
    const got = Buffer.from(typeof proof === 'string' ? proof : '', 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  } catch {
    return false;
  }
}
