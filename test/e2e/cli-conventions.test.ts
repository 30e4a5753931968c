import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { blockops, MAIN, ROOT } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';

const SLOW = { timeout: 240_000 };

/** The conventions of python-openstackclient, in the `blockops` command as a user runs it. */
describe('the CLI follows the openstack command’s conventions', SLOW, () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let env: Record<string, string>;
  const cli = (args: string[], extra: Record<string, string> = {}) =>
    blockops(args, { ...env, ...extra }, { cwd: sb.cwd });

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-conventions-');
    env = sb.env(emulatorEnv(emu));
  });
  afterAll(async () => {
    await emu?.close();
    await sb?.cleanup();
  });

  it('-f json|yaml|value|shell|table and -c (repeatable, a.b nested) on reads, with the name as the argument', async () => {
    const json = await cli(['get-image', 'cirros', '-f', 'json', '-c', 'name', '-c', 'clone_path.predicted_path']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ name: 'cirros', 'clone_path.predicted_path': 'block-clone' });
    const shell = await cli(['get-image', 'cirros', '-f', 'shell', '-c', 'name', '-c', 'disk_format']);
    expect(shell.stdout).toBe('name="cirros"\ndisk_format="raw"\n');
    const value = await cli(['list-images', '-f', 'value', '-c', 'name', '-c', 'status']);
    expect(value.stdout).toBe('cirros active\n');
    const yaml = await cli(['list-images', '-f', 'yaml', '-c', 'name']);
    expect(yaml.stdout).toBe('- name: cirros\n');
    const table = await cli(['list-images', '-c', 'name', '-c', 'disk_format']);
    expect(table.stdout.split('\n').slice(0, 4)).toEqual([
      '+--------+-------------+',
      '| name   | disk_format |',
      '+--------+-------------+',
      '| cirros | raw         |',
    ]);
    const alias = await cli(['list-images', '--json']);
    expect(JSON.parse(alias.stdout).images[0].name).toBe('cirros');
    const openstackWords = await cli(['image', 'show', 'cirros', '-f', 'value', '-c', 'disk_format']);
    expect(openstackWords.stdout).toBe('raw\n');
  });

  it('says what is wrong with a format, a column or a name given twice, in CLI words, with exit status 2', async () => {
    const column = await cli(['list-images', '-c', 'nosuch']);
    expect(column.code).toBe(2);
    expect(column.stderr).toMatch(/no column "nosuch": the columns are image_id, name, status/);
    const shell = await cli(['list-images', '-f', 'shell']);
    expect(shell.code).toBe(2);
    expect(shell.stderr).toMatch(/-f shell shows one object/);
    const both = await cli(['get-image', 'cirros', '--image', 'other']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give the image once: as the argument "cirros" or as --image "other"/);
    const clash = await cli(['list-images', '--json', '-f', 'yaml']);
    expect(clash.code).toBe(2);
    const format = await cli(['list-images', '-f', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Allowed choices are table, json, yaml, value, shell/);
  });

  it('names verbs, never MCP tools, in common errors', async () => {
    const missing = await cli(['boot-server', '--flavor', 'm1.tiny']);
    const unknown = await cli(['get-image', 'nosuch']);
    expect(unknown.stderr).toMatch(/IMAGE\.NOT_FOUND.*list-images/);
    const badWait = await cli(['launch-server', '--wait', 'soon']);
    for (const r of [missing, unknown, badWait]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).not.toMatch(/\b(list|get|boot|launch|clone)_[a-z_]+\b|--input\b/);
    }
  });

  it('takes --os-* flags instead of the environment, and never shows the password', async () => {
    const admin = emu.users.admin;
    const flags = [
      '--os-auth-url',
      emu.authUrl,
      '--os-username',
      admin.username,
      '--os-project-name',
      admin.projectName,
      '--os-user-domain-name',
      admin.userDomainName,
      '--os-project-domain-name',
      admin.projectDomainName,
      '--os-region-name',
      emu.region,
    ];
    const bare = sb.env();
    const ok = await blockops(
      [...flags, '--os-password', admin.password, 'list-images', '-f', 'value', '-c', 'name'],
      bare,
      {
        cwd: sb.cwd,
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('cirros\n');
    expect(ok.stderr).not.toMatch(/built-in emulator/);
    expect(ok.stderr).toMatch(/--os-password is visible to other users/);
    const wrong = 'not-the-password-7f3a9c';
    const refused = await blockops(['list-images', ...flags, '--os-password', wrong], bare, { cwd: sb.cwd });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/KEYSTONE\.UNAUTHORIZED/);
    expect(refused.stderr + refused.stdout).not.toContain(wrong);
  });

  it('--version, --debug (every API exchange on stderr), and --no-wait', async () => {
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe(
      `blockops ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`,
    );
    const debug = await cli(['--debug', 'get-image', 'cirros', '-f', 'value', '-c', 'name']);
    expect(debug.stdout).toBe('cirros\n');
    expect(debug.stderr).toMatch(/"level":20.*glance GET http:\/\/127\.0\.0\.1:\d+\/image\/v2\/images/);
    const launched = await cli([
      'launch-server',
      '--image',
      'cirros',
      '--flavor',
      'm1.tiny',
      '--network',
      'private',
      '--name',
      'w',
      '--no-wait',
      '-f',
      'value',
      '-c',
      'status',
    ]);
    expect(launched.code, launched.stderr).toBe(0);
    expect(launched.stdout).toBe('pending_approval\n');
  });

  it('completes commands and flags in bash', async () => {
    const complete = async (words: string[]) => {
      const script = `source <("${process.execPath}" "${MAIN}" completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _blockops; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const { stdout } = await promisify(execFile)('bash', ['-c', script], {
        env: { PATH: process.env['PATH'] ?? '' },
      });
      return stdout.trim().split('\n');
    };
    expect(await complete(['blockops', 'get-im'])).toEqual(['get-image']);
    expect(await complete(['blockops', 'get-image', '--form'])).toEqual(['--format']);
    expect(await complete(['blockops', 'audit', 'ver'])).toEqual(['verify']);
  });
});
