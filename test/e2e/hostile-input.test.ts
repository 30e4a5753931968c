import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emulatorCloud } from '../../src/app/cloud.js';
import { DEFAULT_POLICY_FILE } from '../../src/core/policy/load.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/server/identities.js';
import { withApprovers } from '../helpers/approvers.js';
import { blockops } from '../helpers/cli.js';
import { emulatorEnv } from '../helpers/emulator-env.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Served, startServe } from '../mcp/helpers/processes.js';

const SIGNATURE = 'f00dfacecafe0123456789abcdef0123456789abcdef0123456789abcdef0123';
const PAGE_SECRET = 'INTERNAL-PAGE-SECRET-7f3a';
const raw = randomBytes(256 * 1024);
/** The approver: a local CLI process is the operating-system user running it (SQLite lets it approve). */
const OS_USER = userInfo().username;
/** The requester, another person: bob, by his token through `blockops serve`. */
const BOB_TOKEN = 'bob-hostile-token-5c2e8a1f9d3b7c6e4a0f2d8b1e9c7a3f';

/** Hostile input through the `blockops` command, as separate processes against the emulator over HTTP. */
describe('hostile input through the CLI', { timeout: 180_000 }, () => {
  let emu: RunningEmulator;
  let sb: Sandbox;
  let env: Record<string, string>;
  let server: Server;
  let port: number;
  const seen: string[] = [];

  const pendingUploads = async (e: Record<string, string>) =>
    JSON.parse(
      (await blockops(['list-requests', '--status', 'pending_approval', '--operation', 'upload_image', '--json'], e))
        .stdout,
    ).requests as unknown[];

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    sb = await sandbox('blockops-hostile-');
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      const path = (req.url ?? '').replace(/\?.*$/, '');
      if (path === '/metrics') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`blockops_secret_metric{token="${PAGE_SECRET}"} 1\n`);
      } else if (path === '/disk.raw') {
        res.writeHead(200, { 'Content-Length': raw.length });
        res.end(raw);
      } else if (path === '/to-localhost') {
        res.writeHead(302, { Location: `http://localhost:${port}/disk.raw` });
        res.end();
      } else {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`Traceback: ${PAGE_SECRET} db password in config`);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    env = {
      ...emulatorEnv(emu),
      DATABASE_URL: sb.databaseUrl,
      BLOCKOPS_POLICY: await sb.writePolicy(withApprovers([OS_USER])),
      BLOCKOPS_IMAGE_DIRS: sb.imagesDir,
    };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await emu.close();
    await sb.cleanup();
  });

  it('refuses an upload from a loopback page before anyone is asked, by address and by name', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
      const r = await blockops(
        ['upload-image', '--source', `http://${host}:${port}/metrics`, '--name', 'm', '--disk-format', 'raw'],
        env,
      );
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toMatch(/UPLOAD\.HOST_NOT_ALLOWED: .*loopback.*image_hosts/);
    }
    expect(await pendingUploads(env)).toEqual([]);
    expect(seen).toEqual([]);
  });

  describe('with 127.0.0.1:<port> named in the policy', () => {
    let allowed: Record<string, string>;
    let served: Served;
    beforeAll(async () => {
      const policy = parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, unknown>;
      allowed = {
        ...env,
        BLOCKOPS_POLICY: await sb.writePolicy(
          withApprovers([OS_USER], { ...policy, image_hosts: [`127.0.0.1:${port}`] }),
        ),
      };
      const tokens = await sb.write('tokens.yaml', `- identity: bob\n  token_sha256: ${sha256Hex(BOB_TOKEN)}\n`);
      served = await startServe(
        { PATH: process.env['PATH'] ?? '', HOME: sb.home, ...allowed, BLOCKOPS_MCP_TOKENS: tokens },
        sb.cwd,
      );
    });
    afterAll(async () => {
      await served?.stop();
    });

    /** Bob asks through `blockops serve`; the OS user approves on the database, so the job runs in that CLI process. */
    async function askAndApprove(source: string, name: string) {
      const asked = await blockops(
        ['upload-image', '--source', source, '--name', name, '--disk-format', 'raw', '--json'],
        { ...allowed, BLOCKOPS_URL: served.url, BLOCKOPS_TOKEN: BOB_TOKEN },
      );
      expect(asked.code, asked.stderr).toBe(0);
      const id = JSON.parse(asked.stdout).request_id as string;
      const done = await blockops(['approve-request', '--request-id', id, '--json'], allowed);
      return { id, done };
    }

    it('uploads from it with the signature the job needs, and shows the signature nowhere else', async () => {
      const source = `http://127.0.0.1:${port}/disk.raw?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=${SIGNATURE}`;
      const { id, done } = await askAndApprove(source, 'signed');
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout)).toMatchObject({ status: 'succeeded', result: { size_bytes: raw.length } });
      expect(seen.some((u) => u.includes(SIGNATURE))).toBe(true);
      const shown = [
        done.stdout,
        (await blockops(['get-request', '--request-id', id, '--json'], allowed)).stdout,
        (await blockops(['list-requests', '--json'], allowed)).stdout,
        (await blockops(['get-request', '--request-id', id], allowed)).stdout,
        (await blockops(['query-audit', '--resource', id, '--json'], allowed)).stdout,
      ];
      for (const out of shown) {
        expect(out).toContain(`127.0.0.1:${port}/disk.raw`);
        expect(out).not.toContain(SIGNATURE);
        expect(out).not.toContain('AKIAEXAMPLE');
      }
      expect((await blockops(['audit', 'verify'], allowed)).code).toBe(0);
    });

    it("reports a server error by its status alone: the page's body reaches no message, request or audit record", async () => {
      const { id, done } = await askAndApprove(`http://127.0.0.1:${port}/internal-error`, 'five-hundred');
      const failed = JSON.parse(done.stdout);
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'UPLOAD.SOURCE_UNREADABLE' } });
      expect(failed.error.message).toMatch(/HTTP 500/);
      const everything = [
        done.stdout,
        done.stderr,
        (await blockops(['get-request', '--request-id', id, '--json'], allowed)).stdout,
        (await blockops(['query-audit', '--resource', id, '--json'], allowed)).stdout,
      ].join('\n');
      expect(everything).toContain('HTTP 500');
      expect(everything).not.toContain(PAGE_SECRET);
    });

    it('re-checks every redirect: a listed host that redirects to an unlisted one is refused when the job connects', async () => {
      const before = seen.length;
      const { done } = await askAndApprove(`http://127.0.0.1:${port}/to-localhost`, 'redirected');
      const failed = JSON.parse(done.stdout);
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'UPLOAD.HOST_NOT_ALLOWED' } });
      expect(failed.error.message).toMatch(/localhost:\d+ is not among the image hosts.*image_hosts/);
      expect(seen.slice(before)).toEqual(['/to-localhost']);
    });

    it('still refuses another port on the same address', async () => {
      const r = await blockops(
        ['upload-image', '--source', `http://127.0.0.1:${port + 1}/x.raw`, '--name', 'm', '--disk-format', 'raw'],
        allowed,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/UPLOAD\.HOST_NOT_ALLOWED/);
    });
  });

  it('refuses a hard link into the image directory, saying why', async () => {
    const outside = join(sb.root, 'outside.raw');
    writeFileSync(outside, raw);
    linkSync(outside, join(sb.imagesDir, 'linked.raw'));
    const r = await blockops(
      ['upload-image', '--source', join(sb.imagesDir, 'linked.raw'), '--name', 'l', '--disk-format', 'raw'],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UPLOAD\.SOURCE_REFUSED: .*hard link/);
    expect(await pendingUploads(env)).toEqual([]);
  });

  it('shows a cloud-side name with terminal escapes as harmless text in human output', async () => {
    const cloud = emulatorCloud(emu, { imageDirs: [], pollMs: 20, lightbits: false });
    const evil = 'evil\x1b]0;owned\x07\x1b[2J\x00name\r\nfake: line';
    const image = await cloud.openstack.image.createImage({ name: evil, diskFormat: 'raw', containerFormat: 'bare' });
    const human = await blockops(['get-image', '--image', image.id], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('evil');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these
    expect(human.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(human.stdout).not.toMatch(/^fake: line/m);
    const json = await blockops(['get-image', '--image', image.id, '--json'], env);
    expect(JSON.parse(json.stdout).name).toBe(evil);
  });

  it('refuses control characters in the names of what it creates, and changes nothing', async () => {
    for (const args of [
      ['upload-image', '--source', join(sb.imagesDir, 'x.raw'), '--disk-format', 'raw', '--name', 'a\x1b[2Jb'],
      ['clone-image', '--image', 'cirros', '--name', 'vol\nname'],
      ['boot-server', '--volume', 'v', '--flavor', 'm1.tiny', '--name', 'bell\x07'],
      ['launch-server', '--image', 'cirros', '--flavor', 'm1.tiny', '--name', 'csi\u009bx'],
    ]) {
      const r = await blockops(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/VALIDATION\.FAILED: .*--name: .*control character/);
    }
    expect(
      JSON.parse((await blockops(['list-requests', '--status', 'pending_approval', '--json'], env)).stdout).requests,
    ).toEqual([]);
  });
});
