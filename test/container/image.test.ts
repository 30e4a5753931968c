import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { sha256Hex } from '../../src/server/identities.js';
import { type FakeSlackApi, startFakeSlackApi } from '../helpers/fake-slack-api.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Connected, connectHttp } from '../mcp/helpers/clients.js';
import { postToSlackEndpoint, SIGNING_SECRET, slashCommand } from '../slack/helpers/slack-requests.js';

const run = promisify(execFile);

/** Set by scripts/container-test.sh after it built the image; without it there is no image to run. */
const IMAGE = process.env['BLOCKOPS_CONTAINER_IMAGE'];
const TOKEN = 'container-assistant-token-0123456789abcdef0123456789';
const UID = 10001; // the Containerfile's blockops user

/** The parts of the image's (Docker-format) configuration the test reads. */
interface ImageConfig {
  Entrypoint: string[];
  Cmd: string[];
  User: string;
  Healthcheck?: { Test?: string[] };
  Volumes?: Record<string, unknown>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * The image as built from the Containerfile, run with its own ENTRYPOINT and CMD (read from the image) by
 * `buildah run --isolation chroot`, configured only as an operator would: environment, a mounted clouds.yaml,
 * policy, tokens file and Slack secrets, and a state volume. The cloud is an emulator in this process.
 */
describe.skipIf(!IMAGE)('the container image (built by scripts/container-test.sh)', () => {
  let emu: RunningEmulator;
  let fake: FakeSlackApi;
  let sb: Sandbox;
  let container = '';
  let serve: ChildProcess | undefined;
  let output = '';
  let url = '';
  let healthcheck: string[] = [];
  let volumes: string[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ speed: 0 });
    fake = await startFakeSlackApi();
    sb = await sandbox('blockops-container-');
    const admin = emu.users.admin;
    const clouds = await sb.write(
      'etc/openstack/clouds.yaml',
      stringify({
        clouds: {
          emulated: {
            auth: {
              auth_url: emu.authUrl,
              username: admin.username,
              password: admin.password,
              project_name: admin.projectName,
              user_domain_name: admin.userDomainName,
              project_domain_name: admin.projectDomainName,
            },
            region_name: emu.region,
          },
        },
      }),
    );
    const policy = await sb.writePolicy(
      'version: 1\nroles: { operator: [read, write] }\nactors: { "*": [operator] }\n',
    );
    const tokens = await sb.write(
      'etc/mcp-tokens.yaml',
      `- identity: assistant\n  token_sha256: ${sha256Hex(TOKEN)}\n`,
    );
    const secret = await sb.write('secrets/slack-signing-secret', SIGNING_SECRET);
    const botToken = await sb.write('secrets/slack-bot-token', 'xoxb-container-test');
    const auditKey = await sb.write('secrets/audit-key', 'container-test-audit-key-0123456789abcdef0123456789');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;

    container = `blockops-ci-${process.pid}`;
    await run('buildah', ['from', '--name', container, IMAGE as string]);
    const { stdout } = await run('buildah', ['inspect', '--type', 'container', container], { maxBuffer: 8 << 20 });
    const config = (JSON.parse(stdout) as { Docker: { config: ImageConfig } }).Docker.config;
    expect(config.User).toBe(`${UID}:${UID}`);
    healthcheck = config.Healthcheck?.Test ?? [];
    volumes = Object.keys(config.Volumes ?? {});
    const mounts = [
      [clouds, '/etc/openstack/clouds.yaml'],
      [policy, '/etc/blockops/policy.yaml'],
      [tokens, '/etc/blockops/mcp-tokens.yaml'],
      [secret, '/run/secrets/slack-signing-secret'],
      [botToken, '/run/secrets/slack-bot-token'],
      [auditKey, '/run/secrets/audit-key'],
    ].flatMap(([from, to]) => ['-v', `${from}:${to}:ro`]);
    const env = {
      OS_CLOUD: 'emulated',
      PORT: String(port),
      BLOCKOPS_ALLOWED_HOSTS: `127.0.0.1:${port},localhost`,
      BLOCKOPS_POLICY: '/etc/blockops/policy.yaml',
      BLOCKOPS_MCP_TOKENS: '/etc/blockops/mcp-tokens.yaml',
      SLACK_SIGNING_SECRET_FILE: '/run/secrets/slack-signing-secret',
      SLACK_BOT_TOKEN_FILE: '/run/secrets/slack-bot-token',
      BLOCKOPS_AUDIT_KEY_FILE: '/run/secrets/audit-key',
      SLACK_API_URL: fake.url,
      BLOCKOPS_APPROVALS_CHANNEL: 'C_APPROVALS',
      LIGHTBITS_API_ENDPOINTS: emu.lightbits.endpoints.join(','),
      LIGHTBITS_JWT: emu.lightbits.jwt,
      LIGHTBITS_PROJECT: emu.lightbits.project,
      BLOCKOPS_VOLUME_TYPE: emu.volumeType,
    };
    // chroot isolation shares the host's network: the container listens on PORT here and reaches the emulator.
    serve = spawn('buildah', [
      'run',
      '--isolation',
      'chroot',
      '--network',
      'host',
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      // The image's VOLUME /var/lib/blockops is the container's own here (a host directory bound over it with -v
      // next to file mounts never received the writes under buildah 1.28's chroot isolation); read it back below.
      ...mounts,
      container,
      '--',
      ...config.Entrypoint,
      ...config.Cmd,
    ]);
    serve.stdout?.on('data', (d: Buffer) => {
      output += d;
    });
    serve.stderr?.on('data', (d: Buffer) => {
      output += d;
    });
    await waitFor(
      async () => /listening on/.test(output) && (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
      60_000,
      () => output,
    );
  });

  afterAll(async () => {
    if (serve && serve.exitCode === null) {
      const exited = new Promise((r) => serve?.once('exit', r));
      serve.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    if (container) await run('buildah', ['rm', container]).catch(() => undefined);
    await fake?.close();
    await emu?.close();
    await sb?.cleanup();
  });

  it('says where it listens, on every interface, with the audit key from the mounted secret', () => {
    expect(output).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
    expect(output).not.toMatch(/no audit key configured/);
  });

  it('declares its health check on /readyz and its state directory as a volume', () => {
    expect(healthcheck[0]).toBe('CMD');
    expect(healthcheck.join(' ')).toContain("path:'/readyz'");
    expect(volumes).toEqual(['/var/lib/blockops']);
  });

  it('is ready: /readyz answers 200 once the store and the cloud answer', async () => {
    const r = await fetch(`${url}/readyz`);
    expect(r.status, await r.clone().text()).toBe(200);
    expect(await r.json()).toMatchObject({ ready: true });
  });

  it('answers an MCP initialize over HTTP for a token from the mounted tokens file, and lists the cloud', async () => {
    let conn: Connected | undefined;
    try {
      conn = await connectHttp(`${url}/mcp`, TOKEN);
      expect(conn.client.getServerVersion()?.name).toBe('blockops');
      const images = await conn.client.callTool({ name: 'list_images', arguments: {} });
      expect(JSON.stringify(images.structuredContent)).toContain('cirros');
    } finally {
      await conn?.close();
    }
    const refused = await fetch(`${url}/mcp`, { method: 'POST', headers: { Authorization: 'Bearer wrong' } });
    expect(refused.status).toBe(401);
  });

  it('answers a signed Slack slash command with the secret from the mounted file, and refuses a bad signature', async () => {
    const body = slashCommand({ user: 'U_ALICE', text: 'images', responseUrl: fake.responseUrl('container') });
    const ack = await postToSlackEndpoint(url, body);
    expect(ack.status).toBe(200);
    const answer = await fake.waitFor((c) => c.method === 'response_url' && c.body['tag'] === 'container', 30_000);
    expect(answer.shown).toContain('cirros');
    const forged = await postToSlackEndpoint(url, body, { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
  });

  it('keeps its database in the state volume, as the unprivileged user', async () => {
    const { stdout } = await run('buildah', [
      'run',
      '--isolation',
      'chroot',
      container,
      '--',
      'ls',
      '-ln',
      '/var/lib/blockops',
    ]);
    const db = stdout.split('\n').find((l) => l.endsWith(' blockops.db'));
    expect(db, stdout).toBeDefined();
    expect(db?.split(/\s+/).slice(2, 4)).toEqual([String(UID), String(UID)]);
  });
});

async function waitFor(ok: () => Promise<boolean>, timeoutMs: number, context: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the container did not answer /healthz within ${timeoutMs} ms:\n${context()}`);
}
