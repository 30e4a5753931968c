import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockops } from '../helpers/cli.js';
import { type Sandbox, sandbox } from '../helpers/sandbox.js';
import { type Served, startServe } from '../mcp/helpers/processes.js';

const SLACK_TOKEN = 'xoxb-banner-secret-4d2c1b0a9f8e7d6c';
const AUDIT_KEY = 'banner-audit-key-0123456789abcdef0123456789abcdef';

/** `npm start` (`blockops serve` on the built-in emulator) tells a newcomer what to do next, and nothing secret. */
describe('what blockops serve prints once it listens', { timeout: 180_000 }, () => {
  let sb: Sandbox;
  let served: Served;
  let banner: string;

  beforeAll(async () => {
    sb = await sandbox('blockops-banner-');
    // Half a Slack configuration: a bot token without a signing secret or app token.
    served = await startServe(sb.env({ SLACK_BOT_TOKEN: SLACK_TOKEN, BLOCKOPS_AUDIT_KEY: AUDIT_KEY }), sb.cwd);
    for (let i = 0; i < 100 && !/Slack {6}/.test(served.stderr()); i++) await new Promise((r) => setTimeout(r, 100));
    banner = served.stderr();
  });
  afterAll(async () => {
    await served?.stop();
    await sb?.cleanup();
  });

  it('names the cloud, the first command, the MCP URL with a ready snippet, and why Slack is off', () => {
    expect(banner).toMatch(/Cloud {6}the built-in emulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(banner).toContain('Try first  npx blockops get-image cirros');
    expect(banner).toContain(
      `claude mcp add --transport http blockops ${served.url}/mcp --header "Authorization: Bearer $BLOCKOPS_TOKEN"`,
    );
    expect(banner).toContain('refuses every client until BLOCKOPS_MCP_TOKENS names a tokens file');
    expect(banner).toContain('claude mcp add blockops -- npx blockops mcp');
    expect(banner).toMatch(/Slack {6}off: set SLACK_SIGNING_SECRET \(HTTP mode\) or SLACK_APP_TOKEN \(Socket Mode\)/);
  });

  it('shows no secret but the emulator’s own demo credentials', () => {
    expect(banner).not.toContain(SLACK_TOKEN);
    expect(banner).not.toContain(AUDIT_KEY);
    expect(banner).toContain('export OS_PASSWORD=admin-password');
  });

  it('prints an openrc that works as printed', async () => {
    const openrc: Record<string, string> = {};
    for (const m of banner.matchAll(/^\s*export (\w+)=('?)(.*)\2$/gm)) openrc[m[1] as string] = m[3] as string;
    expect(Object.keys(openrc)).toEqual(expect.arrayContaining(['OS_AUTH_URL', 'OS_PASSWORD', 'LIGHTBITS_JWT']));
    const r = await blockops(
      ['list-images', '-f', 'value', '-c', 'name'],
      { ...openrc, HOME: sb.home },
      { cwd: sb.root },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('cirros\n');
    expect(r.stderr).not.toMatch(/built-in emulator/);
  });
});
