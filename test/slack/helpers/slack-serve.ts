import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { startBlockops } from '../../helpers/cli.js';
import { emulatorEnv } from '../../helpers/emulated-app.js';
import type { FakeSlackApi } from '../../helpers/fake-slack-api.js';
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
  opts: { policy?: string; env?: Record<string, string> } = {},
): Promise<SlackServe> {
  const dir = mkdtempSync(join(tmpdir(), 'blockops-slack-'));
  const dbPath = join(dir, 'blockops.db');
  const env: Record<string, string> = {
    ...emulatorEnv(emu),
    DATABASE_URL: dbPath,
    BLOCKOPS_IMAGE_DIRS: dir,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: fake.url,
    BLOCKOPS_APPROVALS_CHANNEL: 'C_APPROVALS',
    BLOCKOPS_APPROVERS: 'U_APPROVER',
    ...opts.env,
  };
  if (opts.policy) {
    writeFileSync(join(dir, 'policy.yaml'), opts.policy);
    env['BLOCKOPS_POLICY'] = join(dir, 'policy.yaml');
  }
  const proc = await startBlockops(['serve', '--port', '0'], env, /listening on (http:\/\/127\.0\.0\.1:\d+)/, {
    cwd: dir,
  });
  return {
    url: proc.match[1] as string,
    dir,
    dbPath,
    output: proc.output,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
