import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The file name prebuild-install looks for: {name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}.tar.gz */
function prebuildName(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as {
    version: string;
  };
  return `better-sqlite3-v${pkg.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
}

/**
 * What a user gets from the package: `npm pack` of this checkout (its dist/, built once by CI before this suite),
 * installed from the tarball into an empty directory with npm, then driven only through that installation.
 */
describe('the npm package, installed from its tarball into an empty directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blockops-package-'));
  const app = join(dir, 'app');
  const home = join(dir, 'home');
  const bin = join(app, 'node_modules/.bin/blockops');
  let tarball = '';
  // Only PATH and a private HOME: no OS_* or DATABASE_URL from the caller, so commands run on the emulator.
  const env = () => ({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, BLOCKOPS_LOG_LEVEL: 'warn' });

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
    tarball = join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename ?? '');
    for (const d of [app, home]) rmSync(d, { recursive: true, force: true });
    await run('mkdir', ['-p', app, home]);
    writeFileSync(join(app, 'package.json'), '{ "name": "try-blockops", "private": true }\n');
    // better-sqlite3's install script fetches its prebuilt binary from GitHub, which this machine kind cannot reach
    // (and compiling it takes minutes): hand it the one this checkout built, named as its prebuild would be.
    const prebuilds = join(dir, 'prebuilds');
    await run('mkdir', ['-p', prebuilds]);
    await run('tar', [
      '-czf',
      join(prebuilds, prebuildName()),
      '-C',
      join(ROOT, 'node_modules/better-sqlite3'),
      'build/Release/better_sqlite3.node',
    ]);
    await run('npm', ['install', '--no-audit', '--no-fund', tarball], {
      cwd: app,
      env: { ...process.env, npm_config_better_sqlite3_local_prebuilds: prebuilds },
      maxBuffer: 16 * 1024 * 1024,
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the built CLI, LICENSE and CHANGELOG, and no sources or tests', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining(['package/dist/main.js', 'package/LICENSE', 'package/CHANGELOG.md', 'package/README.md']),
    );
    expect(files.filter((f) => /^package\/(src|test|bench|scripts)\//.test(f))).toEqual([]);
  });

  it('`npx blockops --version` prints the package version', async () => {
    const { stdout } = await run('npx', ['--no-install', 'blockops', '--version'], { cwd: app, env: env() });
    expect(stdout.trim()).toBe(`blockops ${version}`);
  });

  it('`blockops mcp` answers initialize over stdio and lists its tools', async () => {
    const client = new Client({ name: 'package-test', version: '1.0.0' });
    const transport = new StdioClientTransport({ command: bin, args: ['mcp'], env: env(), cwd: app, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    try {
      await client.connect(transport);
      expect(client.getServerVersion()).toMatchObject({ name: 'blockops', version });
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('list_images');
      const images = await client.callTool({ name: 'list_images', arguments: {} });
      expect(JSON.stringify(images.structuredContent)).toContain('cirros');
      expect(stderr).toMatch(/built-in emulator/);
    } finally {
      await client.close();
    }
  });

  it('`blockops sim` serves an emulator whose Keystone answers at the printed OS_AUTH_URL', async () => {
    const { spawn } = await import('node:child_process');
    const sim = spawn(bin, ['sim', '--port', '0', '--speed', '0'], { cwd: app, env: env() });
    try {
      let out = '';
      const authUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`sim did not print an openrc:\n${out}`)), 60_000);
        const onData = (d: Buffer) => {
          out += d;
          const m = /^export OS_AUTH_URL='?([^'\n]+)'?$/m.exec(out);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        sim.stdout.on('data', onData);
        sim.stderr.on('data', onData);
        sim.on('exit', (code) => reject(new Error(`sim exited with ${code}:\n${out}`)));
      });
      const reply = await fetch(authUrl);
      expect(reply.status).toBe(200);
      const body = (await reply.json()) as { version?: { id?: string } };
      expect(body.version?.id).toBe('v3.14');
    } finally {
      sim.kill('SIGTERM');
    }
  });
});
