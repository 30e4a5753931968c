import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sha256Hex } from '../../src/server/identities.js';
import { withApprovers } from '../helpers/approvers.js';
import { blockops, startBlockops } from '../helpers/cli.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Served, startServe } from '../mcp/helpers/processes.js';

const TOKENS = {
  alice: 'alice-demo-token-0123456789abcdef0123456789',
  bob: 'bob-demo-token-0123456789abcdef01234567890',
};
const SLOW = { timeout: 240_000 };

/**
 * The zero-config demo keeps one cloud: no OS_* anywhere, each command a new process, and what one command made is
 * there for the next, whether a `blockops serve`/`sim` runs (its emulator, found in the state directory) or not
 * (the emulator saved in the state directory).
 */
describe('the built-in emulator keeps its state across CLI processes', SLOW, () => {
  let sb: Sandbox;
  let env: Record<string, string>;
  let served: Served | undefined;

  const stateFile = () => join(sb.root, 'emulator-state.bin');
  const discoveryFile = () => join(sb.root, 'emulator.json');
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    blockops(args, { ...env, ...extra }, { cwd: sb.cwd });
  const as = (who: keyof typeof TOKENS, url: string) => ({ BLOCKOPS_URL: url, BLOCKOPS_TOKEN: TOKENS[who] });
  const serverNames = async () => {
    const r = await cli(['list-servers', '-f', 'value', '-c', 'name']);
    expect(r.code, r.stderr).toBe(0);
    return { names: r.stdout.trim().split('\n').filter(Boolean).sort(), stderr: r.stderr };
  };

  /** bob asks through `blockops serve`, alice approves there: the launch runs on serve's emulator. */
  async function launchApproved(url: string, name: string): Promise<void> {
    const asked = await cli(
      [
        'launch-server',
        '--image',
        'cirros',
        '--flavor',
        'm1.tiny',
        '--network',
        'private',
        '--name',
        name,
        '-f',
        'value',
        '-c',
        'request_id',
      ],
      as('bob', url),
    );
    expect(asked.code, asked.stderr).toBe(0);
    const id = asked.stdout.trim();
    expect(id).toMatch(/^req-/);
    const approved = await cli(['approve-request', id, '-f', 'value', '-c', 'status'], as('alice', url));
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout.trim()).toBe('succeeded');
  }

  beforeAll(async () => {
    sb = await sandbox('blockops-demo-state-');
    const tokens = await sb.write(
      'tokens.yaml',
      stringify(Object.entries(TOKENS).map(([identity, t]) => ({ identity, token_sha256: sha256Hex(t) }))),
    );
    env = sb.env({ BLOCKOPS_POLICY: await sb.writePolicy(withApprovers(['alice'])), BLOCKOPS_MCP_TOKENS: tokens });
  });
  afterAll(async () => {
    await served?.stop();
    await sb.cleanup();
  });

  it('without a running sim: a launch approved through serve is listed by a new CLI process after serve stops', async () => {
    served = await startServe(env, sb.cwd);
    expect(statSync(discoveryFile()).mode & 0o777).toBe(0o600);
    await launchApproved(served.url, 'web');
    await served.stop();
    served = undefined;
    expect(existsSync(discoveryFile())).toBe(false);
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);

    const listed = await serverNames();
    expect(listed.names).toEqual(['web']);
    expect(listed.stderr).toContain(`its state kept in ${stateFile()} between commands`);
    // And again: reading it did not lose it.
    expect((await serverNames()).names).toEqual(['web']);
  });

  it('with a running sim: serve and every CLI process use its emulator, which started from the saved state', async () => {
    const sim = await startBlockops(['sim', '--port', '0', '--speed', '0'], env, /listening on (http:\/\/\S+)/, {
      cwd: sb.cwd,
    });
    try {
      const ad = JSON.parse(await readFile(discoveryFile(), 'utf8')) as { pid: number; url: string; by: string };
      expect(ad).toMatchObject({ pid: sim.child.pid, url: sim.match[1], by: 'blockops sim' });
      served = await startServe(env, sb.cwd);
      expect(served.stderr()).toMatch(/built-in emulator of the running `blockops sim`/);
      await launchApproved(served.url, 'web-2');
      await served.stop();
      served = undefined;

      const listed = await serverNames();
      expect(listed.names).toEqual(['web', 'web-2']);
      expect(listed.stderr).toContain(
        `using the built-in emulator of the running \`blockops sim\` (pid ${ad.pid}) at ${ad.url}`,
      );
    } finally {
      await sim.stop();
    }
    // The sim saved what it held when it stopped.
    expect(existsSync(discoveryFile())).toBe(false);
    expect((await serverNames()).names).toEqual(['web', 'web-2']);
  });

  it('ignores a discovery file whose process is gone, or whose URL cannot prove it is that emulator', async () => {
    const fake = {
      by: 'blockops sim',
      key: 'a'.repeat(64),
      url: 'http://127.0.0.1:9',
      authUrl: 'http://127.0.0.1:9/identity/v3',
      region: 'RegionOne',
      users: { admin: { username: 'admin', password: 'x' } },
      lightbits: { endpoints: [], jwt: 'x', project: 'openstack' },
      volumeType: 'lightbits',
    };
    // A live process (this test) but nothing proving itself at the URL; then a process that no longer runs.
    for (const pid of [process.pid, 2 ** 22 + 7]) {
      await writeFile(discoveryFile(), JSON.stringify({ ...fake, pid }), { mode: 0o600 });
      const listed = await serverNames();
      expect(listed.names).toEqual(['web', 'web-2']);
      expect(listed.stderr).toContain('its state kept in');
      expect(existsSync(discoveryFile())).toBe(false);
    }
  });
});
