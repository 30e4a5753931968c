import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The unmodified `openstack` client (Debian's python3-openstackclient) with the box's admin settings. */
export function openstackCli(env: Record<string, string>) {
  const cli = (...args: string[]) => command('openstack', ...args);
  /** `openstack` or another client of the same settings (Zed's openstackclient has no pool list: `cinder`). */
  const command = async (bin: string, ...args: string[]): Promise<string> => {
    const { stdout } = await run(bin, args, {
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root', ...env },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  };
  const json = async <T = Record<string, unknown>>(...args: string[]): Promise<T> =>
    JSON.parse(await cli(...args, '-f', 'json')) as T;
  /** Polls `show` until field has one of the wanted values; fails at once on an error status. */
  const waitFor = async (kind: string, id: string, wanted: string[], field = 'status', seconds = 180) => {
    let last = '';
    for (let i = 0; i < seconds; i++) {
      const shown = await json(kind, 'show', id);
      last = String(shown[field]);
      if (wanted.includes(last)) return shown;
      if (/error/i.test(last)) throw new Error(`${kind} ${id} went to ${last}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`${kind} ${id} still ${last} after ${seconds} s (wanted ${wanted.join('|')})`);
  };
  /** Polls until `show` fails (the resource is gone). */
  const waitGone = async (kind: string, id: string, seconds = 180) => {
    for (let i = 0; i < seconds; i++) {
      try {
        const shown = await json(kind, 'show', id);
        if (/error/i.test(String(shown['status']))) throw new Error(`${kind} ${id} went to ${shown['status']}`);
      } catch (err) {
        if (err instanceof Error && /went to/.test(err.message)) throw err;
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`${kind} ${id} still there after ${seconds} s`);
  };
  return { cli, command, json, waitFor, waitGone };
}
