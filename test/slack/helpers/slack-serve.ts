import type { RunningEmulator } from '../../../src/emulator/index.js';
import { withApprovers } from '../../helpers/approvers.js';
import { startBlockops } from '../../helpers/cli.js';
import { emulatorEnv } from '../../helpers/emulator-env.js';
import type { FakeSlackApi } from '../../helpers/fake-slack-api.js';
import { type Sandbox, sandbox } from '../../helpers/sandbox.js';
import { SIGNING_SECRET } from './slack-requests.js';

export interface SlackServe {
  url: string;
  dir: string;
  dbPath: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real `blockops serve` (the built CLI) with Slack configured against the fake Web API and the cloud pointed at
 * an emulator running in the test process, on a temporary SQLite file.
 */
export async function startSlackServe(
  emu: RunningEmulator,
  fake: FakeSlackApi,
  opts: { policy?: string; approvers?: string[]; env?: Record<string, string>; sandbox?: Sandbox } = {},
): Promise<SlackServe> {
  // A given sandbox is shared (replicas in one working directory, so one audit key) and left for its owner to remove.
  const sb = opts.sandbox ?? (await sandbox('blockops-slack-'));
  const env: Record<string, string> = {
    ...emulatorEnv(emu),
    DATABASE_URL: sb.databaseUrl,
    BLOCKOPS_IMAGE_DIRS: sb.imagesDir,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: fake.url,
    BLOCKOPS_APPROVALS_CHANNEL: 'C_APPROVALS',
    BLOCKOPS_POLICY: await sb.writePolicy(withApprovers(opts.approvers ?? ['U_APPROVER'], opts.policy)),
    ...opts.env,
  };
  const proc = await startBlockops(['serve', '--port', '0'], env, /listening on (http:\/\/127\.0\.0\.1:\d+)/, {
    cwd: sb.cwd,
  });
  return {
    url: proc.match[1] as string,
    dir: sb.root,
    dbPath: sb.databaseUrl,
    output: proc.output,
    async stop() {
      await proc.stop();
      if (!opts.sandbox) await sb.cleanup();
    },
  };
}
