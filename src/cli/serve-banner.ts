import { relative } from 'node:path';
import type { CloudHandle } from '../app/cloud.js';
import type { BlockopsConfig } from '../config/index.js';
import { slackOffBecause } from '../slack/settings.js';
import { emulatorOpenrc } from './emulator-setup.js';

/**
 * What a newcomer needs once `blockops serve` listens: which cloud, the one command to try first, how to connect an
 * MCP client, and whether Slack is on. It shows no secret but the built-in emulator's own demo credentials.
 */
export function serveBanner(url: string, config: BlockopsConfig, cloud: CloudHandle): string {
  const mcp = `${url}/mcp`;
  const lines = ['', 'Next steps'];
  const emu = cloud.access;
  if (emu) {
    lines.push(
      cloud.sharedBy
        ? `  Cloud      the built-in emulator of the running \`${cloud.sharedBy.by}\` (pid ${cloud.sharedBy.pid}) at ${emu.url}`
        : `  Cloud      the built-in emulator at ${emu.url} (no OS_CLOUD or OS_AUTH_URL set); blockops commands run here use it while this runs`,
      '             Its openrc, for the openstack command (`npx blockops sim` prints it again, and a clouds.yaml entry):',
      ...emulatorOpenrc(emu)
        .split('\n')
        .map((l) => `               ${l}`),
    );
  } else {
    lines.push('  Cloud      the configured OpenStack cloud (`npx blockops doctor` checks it)');
  }
  lines.push(
    `  Try first  npx blockops get-image cirros     (another terminal, this folder: will its volumes be block clones?)`,
  );
  const tokens = config.mcpTokensFile
    ? `with a token from ${relative(process.cwd(), config.mcpTokensFile) || config.mcpTokensFile} in BLOCKOPS_TOKEN:`
    : 'refuses every client until BLOCKOPS_MCP_TOKENS names a tokens file (recipe: manifests/mcp/README.md); then:';
  lines.push(
    `  MCP        ${mcp} ${tokens}`,
    `               claude mcp add --transport http blockops ${mcp} --header "Authorization: Bearer $BLOCKOPS_TOKEN"`,
    '             or, with no token, over stdio from this folder:',
    '               claude mcp add blockops -- npx blockops mcp',
  );
  const off = slackOffBecause(config.slack);
  lines.push(
    off
      ? `  Slack      off: ${off} (app manifest: manifests/slack/manifest.yaml)`
      : `  Slack      on: ${config.slack.appToken ? 'Socket Mode' : `events at ${url}/slack/events`}`,
  );
  return `${lines.join('\n')}\n`;
}
