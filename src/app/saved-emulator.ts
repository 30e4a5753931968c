import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpsError } from '../core/errors/ops-error.js';
import { type RunningEmulator, startEmulator } from '../emulator/index.js';
import { isAlive } from './process-alive.js';

/** The saved emulator's files in the state directory. */
export const SAVED_STATE_FILE = 'emulator-state.bin';
const LOCK_FILE = 'emulator.lock';
const IMAGES_DIR = 'emulator-images';

export interface SavedEmulatorHandle {
  emulator: RunningEmulator;
  /** Saves the state (once its transitions settle), stops the emulator and lets the next process have it. */
  close(): Promise<void>;
}

/**
 * Starts the emulator saved in the state directory (a fresh seed the first time), holding its lock so that no other
 * process changes the same state meanwhile. Undefined when another live process holds it.
 */
export async function startSavedEmulator(
  stateDir: string,
  opts: { speed: number | undefined; instanceKey?: string | undefined; host?: string; port?: number },
): Promise<SavedEmulatorHandle | undefined> {
  await mkdir(join(stateDir, IMAGES_DIR), { recursive: true, mode: 0o700 });
  const lock = join(stateDir, LOCK_FILE);
  if (!(await takeLock(lock))) return undefined;
  const file = join(stateDir, SAVED_STATE_FILE);
  try {
    const saved = await readFile(file).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    const emulator = await startEmulator({
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      speed: opts.speed,
      saved,
      dataDir: join(stateDir, IMAGES_DIR),
      instanceKey: opts.instanceKey,
    }).catch((e: unknown) => {
      throw new OpsError(
        'CONFIG.INVALID',
        `The saved emulator state ${file} cannot be read (${(e as Error).message}). Delete it to start again from ` +
          'the seed (requests in the database will then name servers and volumes that no longer exist).',
      );
    });
    let closed = false;
    return {
      emulator,
      async close() {
        if (closed) return;
        closed = true;
        try {
          const bytes = await emulator.save();
          await writeFile(`${file}.tmp`, bytes, { mode: 0o600 });
          await rename(`${file}.tmp`, file);
        } finally {
          await emulator.close();
          await rm(lock, { force: true });
        }
      },
    };
  } catch (e) {
    await rm(lock, { force: true });
    throw e;
  }
}

/** Takes the lock file, or breaks it when the process that took it is gone. False: a live process holds it. */
async function takeLock(lock: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holderOf = async () => Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    const holder = await holderOf();
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return false;
    // Break it only if it still names the dead process (another process may have just broken and taken it).
    if ((await holderOf()) === holder) await rm(lock, { force: true });
  }
  return false;
}
